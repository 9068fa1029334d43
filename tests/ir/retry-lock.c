/*
 * Retry loops that take a lock and leave by `break` holding it, or after
 * the last try holding none.  The exit of a counted loop (from 0, i < K,
 * i++) is taken only with i == K: past a test of i == K that bails, the
 * lock is held.  A loop counting by two, one counting from a variable,
 * and one whose body changes the count prove nothing: the lock stays
 * unknown after them.
 */
#define TRIES 3

struct q {
	int lock;
	int prio;
	int val;
};

int counted(struct q *q)
{
	int i;

	for (i = 0; i < TRIES; i++) {
		spin_lock(&q->lock);
		if (q->prio)
			break;
		spin_unlock(&q->lock);
	}
	if (i == TRIES)
		return -1;
	q->val = 1;
	spin_unlock(&q->lock);
	return 0;
}

int by_two(struct q *q)
{
	int i;

	for (i = 0; i < TRIES; i += 2) {
		spin_lock(&q->lock);
		if (q->prio)
			break;
		spin_unlock(&q->lock);
	}
	if (i == TRIES)
		return -1;
	q->val = 1;
	spin_unlock(&q->lock);
	return 0;
}

int from_var(struct q *q, int start)
{
	int i;

	for (i = start; i < TRIES; i++) {
		spin_lock(&q->lock);
		if (q->prio)
			break;
		spin_unlock(&q->lock);
	}
	if (i == TRIES)
		return -1;
	q->val = 1;
	spin_unlock(&q->lock);
	return 0;
}

int body_sets(struct q *q)
{
	int i;

	for (i = 0; i < TRIES; i++) {
		spin_lock(&q->lock);
		if (q->prio)
			break;
		spin_unlock(&q->lock);
		if (q->val)
			i = TRIES + 1;
	}
	if (i == TRIES)
		return -1;
	q->val = 1;
	spin_unlock(&q->lock);
	return 0;
}

int test_and_more(struct q *q, int force)
{
	int i;

	for (i = 0; i < TRIES; i++) {
		spin_lock(&q->lock);
		if (q->prio)
			break;
		spin_unlock(&q->lock);
	}
	if (i == TRIES && !force)
		return -1;
	q->val = 1;
	spin_unlock(&q->lock);
	return 0;
}
