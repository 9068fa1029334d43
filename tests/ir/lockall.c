/*
 * Locksets of a loop that locks every peer: held for every element past
 * the loop's end, carried to the callers of a helper that returns with
 * them held when it succeeds (its failure arm included: callers bail out
 * there), and dropped by a wrapped unlock-all.
 */
struct peer {
	struct mutex m;
	int state;
};

static void unlock_first(struct group *g, long n)
{
	struct peer *p;

	while (n-- > 0) {
		p = group_peer(g, n);
		mutex_unlock(&p->m);
	}
}

static void unlock_all(struct group *g)
{
	unlock_first(g, g->n);
}

static bool trylock_all(struct group *g)
{
	struct peer *p;
	unsigned long i;

	group_for_each_peer(i, p, g) {
		if (!mutex_trylock(&p->m)) {
			unlock_first(g, i);
			return false;
		}
	}
	return true;
}

int reset_all(struct group *g)
{
	struct peer *p;
	unsigned long i;

	if (!trylock_all(g))
		return -EBUSY;
	group_for_each_peer(i, p, g) {
		if (p->state)
			peer_reset(p);
	}
	unlock_all(g);
	return 0;
}
