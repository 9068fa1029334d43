/*
 * The private-save version the seed's patch proposed: the interrupted MPV
 * is kept in firmware-private state that the S-mode handler cannot touch,
 * and the resume path restores MPV from there.
 */
struct sbi_trap_regs {
	unsigned long mepc;
	unsigned long mstatus;
};

struct sse_resume_state {
	bool prev_virt;
};

struct sbi_sse_event_private {
	struct sse_resume_state resume;
};

static void sse_inject_private(struct sbi_sse_event_private *e, struct sbi_trap_regs *regs)
{
	e->resume.prev_virt = (regs->mstatus & MSTATUS_MPV) != 0;
}

static void sse_resume_private(struct sbi_sse_event_private *e, struct sbi_trap_regs *regs)
{
	regs->mstatus &= ~MSTATUS_MPV;
	if (e->resume.prev_virt)
		regs->mstatus |= MSTATUS_MPV;
}

int sse_complete_private(struct sbi_sse_event_private *e, struct sbi_trap_regs *regs)
{
	sse_resume_private(e, regs);
	return 0;
}

int sse_inject_private_entry(struct sbi_sse_event_private *e, struct sbi_trap_regs *regs)
{
	sse_inject_private(e, regs);
	return 0;
}
