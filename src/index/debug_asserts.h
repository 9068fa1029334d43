/*
 * Warnings only a debug build compiles.  A WARN or BUG macro whose nearest
 * definitions include an off arm (frontend/macro_body.h: VM_BUG_ON's
 * BUILD_BUG_ON_INVALID(cond) without CONFIG_DEBUG_VM), or that is one call
 * of such a macro (VM_BUG_ON_VMA -> VM_BUG_ON), warns nobody in the
 * kernels people run: its calls get OPF_DEBUG_WARN, and a racing value
 * that reaches only them is not a host warning.
 *
 * Log macros the default build defines as nothing: a log call (a format
 * string, or a trace idiom) whose nearest definitions are all in one
 * file, its own or a header beside it, one of them an empty arm taken
 * when SYM is undefined (#ifndef SYM; #ifdef SYM's #else; the same with
 * defined()), SYM #defined by no scanned source but left in a comment
 * (//#define SYM: switched on by hand).  The call and the ops of its
 * arguments get OPF_DEBUG_WARN: never evaluated, so a read there is no
 * read (rules/double_fetch.c).  An empty arm under any other condition
 * (#if LEVEL >= N), or a SYM no comment names (the build's -D, Kconfig),
 * is no evidence: the build may well print.
 */
#ifndef TOCSIN_DEBUG_ASSERTS_H
#define TOCSIN_DEBUG_ASSERTS_H

struct index;

void mark_debug_asserts(struct index *idx);

#endif
