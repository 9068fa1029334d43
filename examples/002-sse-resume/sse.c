/*
 * The shape of seed 002: M-mode firmware injects a supervisor software
 * event, runs the S-mode handler, and on completion rebuilds the M-mode
 * return state.  The resume path takes mepc from sepc and MPV from
 * hstatus.SPV, both read after the S-mode handler ran and could change
 * them.  Maintainers rejected a patch that saved them privately: the SSE
 * specification lets S-mode update the interrupted state on purpose.
 */
struct sbi_trap_regs {
	unsigned long mepc;
	unsigned long mstatus;
	unsigned long a6;
	unsigned long a7;
};

struct sse_interrupted_state {
	unsigned long sepc;
	unsigned long flags;
	unsigned long a6;
	unsigned long a7;
};

struct sse_event_attrs {
	unsigned long entry_pc;
	struct sse_interrupted_state interrupted;
};

struct sbi_sse_event {
	struct sse_event_attrs attrs;
};

static void sse_event_inject(struct sbi_sse_event *e, struct sbi_trap_regs *regs)
{
	struct sse_interrupted_state *i_ctx = &e->attrs.interrupted;

	i_ctx->a6 = regs->a6;
	i_ctx->a7 = regs->a7;
	i_ctx->sepc = csr_read(CSR_SEPC);
	regs->mstatus &= ~MSTATUS_SPP;
	if (regs->mstatus & MSTATUS_MPP)
		regs->mstatus |= MSTATUS_SPP;
	if (misa_extension('H')) {
		unsigned long hstatus = csr_read(CSR_HSTATUS);

		if (regs->mstatus & MSTATUS_MPV)
			hstatus |= HSTATUS_SPV;
		csr_write(CSR_HSTATUS, hstatus);
	}
	csr_write(CSR_SEPC, regs->mepc);
	regs->mepc = e->attrs.entry_pc;
}

static void sse_event_resume(struct sbi_sse_event *e, struct sbi_trap_regs *regs)
{
	struct sse_interrupted_state *i_ctx = &e->attrs.interrupted;

	regs->mepc = csr_read(CSR_SEPC);		/* expect: trust-boundary status=acknowledged */
	regs->mstatus &= ~MSTATUS_MPP;
	if (regs->mstatus & MSTATUS_SPP)
		regs->mstatus |= (PRV_S << MSTATUS_MPP_SHIFT);	/* expect: trust-boundary status=bounded */
	if (misa_extension('H')) {
		unsigned long hstatus = csr_read(CSR_HSTATUS);

		regs->mstatus &= ~MSTATUS_MPV;
		if (hstatus & HSTATUS_SPV)
			regs->mstatus |= MSTATUS_MPV;	/* expect: trust-boundary */
	}
	csr_write(CSR_SEPC, i_ctx->sepc);
	regs->a6 = i_ctx->a6;
	regs->a7 = i_ctx->a7;
}

int sse_complete(struct sbi_sse_event *e, struct sbi_trap_regs *regs)
{
	sse_event_resume(e, regs);
	return 0;
}

int sse_inject(struct sbi_sse_event *e, struct sbi_trap_regs *regs)
{
	sse_event_inject(e, regs);
	return 0;
}
