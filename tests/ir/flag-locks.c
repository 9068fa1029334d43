/*
 * Flags used as locks (LOCK_FLAG): what takes one and what does not.
 */
struct obj {
	int lock;
	unsigned long flags;
	unsigned long other;
	int busy;
	int x;
	int y;
};
#define BUSY 0
#define KICK 1

/* the then-arm's own test_and_set_bit() does not rename the lock the
 * fall-through holds: flags.BUSY, let go by the clear_bit() */
void take_then_arm_tests_another(struct obj *o)
{
	if (test_and_set_bit(BUSY, &o->flags)) {
		if (test_and_set_bit(KICK, &o->other))
			return;
		return;
	}
	o->x = 1;
	clear_bit(BUSY, &o->flags);
}

/* a spin on the bit never let go here: no lock (the clear is elsewhere) */
void spin_without_release(struct obj *o)
{
	while (test_and_set_bit(BUSY, &o->flags)) {
		test_and_set_bit(KICK, &o->other);
		cpu_relax();
	}
	o->x = 2;
}

/* a claim helper whose clear is in another function: its callers hold nothing */
static int claim(struct obj *o)
{
	if (test_and_set_bit(BUSY, &o->flags))
		return -16;
	return 0;
}

static void release(struct obj *o)
{
	clear_bit(BUSY, &o->flags);
}

void claim_elsewhere(struct obj *o)
{
	if (claim(o))
		return;
	o->x = 3;
	release(o);
	o->y++;
}

/* a test at the end of a loop body is no test on every way out of it: the
 * store after the loop claims no token */
void test_inside_loop(struct obj *o, int n)
{
	spin_lock(&o->lock);
	while (n--) {
		if (o->busy) {
			spin_unlock(&o->lock);
			return;
		}
	}
	o->busy = 1;
	spin_unlock(&o->lock);
	o->x = 4;
}

/* the token shape itself: tested under the lock, claimed, given back */
void token_claimed(struct obj *o)
{
	spin_lock(&o->lock);
	if (o->busy) {
		spin_unlock(&o->lock);
		return;
	}
	o->busy = 1;
	spin_unlock(&o->lock);
	o->x = 5;
	spin_lock(&o->lock);
	o->busy = 0;
	spin_unlock(&o->lock);
}
