/*
 * A loop condition that is a conjunction with a pass counter in it: the
 * counter bounds the loop (its loop-bound use names only the counter),
 * the other conjuncts say when to stop early.  With the counter reset in
 * the body, or no counter at all, the whole condition bounds the loop.
 */
struct p {
	unsigned rp, wp;
};

void counted(struct p *pg, int mode)
{
	int qw = 0;

	while (mode == 1 && qw++ < 8 && pg->rp >= 8)
		pg->rp -= 8;
}

void counted_for(struct p *pg)
{
	int n;

	for (n = 0; ++n <= 8 && pg->rp >= 8;)
		pg->rp -= 8;
}

void counter_in_body(struct p *pg)
{
	int qw = 0;

	while (qw < 8 && pg->rp >= 8) {
		pg->rp -= 8;
		qw++;
	}
}

void counter_reset(struct p *pg, int mode)
{
	int qw = 0;

	while (mode == 1 && qw++ < 8 && pg->rp >= 8) {
		pg->rp -= 8;
		qw = 0;
	}
}
