/*
 * What a function does to the object one of its parameters points to,
 * followed into the callees it passes the pointer on to: the summary the
 * rules use to see that kvm_riscv_vcpu_stopped(tmp) reads
 * tmp->arch.mp_state.mp_state, or that kvm_arch_vcpu_should_kick(vcpu)
 * does an atomic cmpxchg of vcpu->mode.
 */
#ifndef TOCSIN_SUMMARY_H
#define TOCSIN_SUMMARY_H

#include "index/index.h"

struct param_effect {
	uint32_t func, op;	/* where the access is */
	sym_t key;		/* its field key (0 if the type was unknown) */
	uint8_t kind;		/* OP_READ, OP_WRITE, OP_RMW */
	uint8_t mark;
	uint8_t depth;		/* 0: in g itself */
};

uint32_t param_effects(const struct index *idx, const struct ir_func *g, uint32_t param,
		       unsigned depth, struct param_effect *out, uint32_t max);

#endif
