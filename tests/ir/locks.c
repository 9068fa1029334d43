/* Locksets: a spinlock held across a goto-out path, a guard() scope, RCU. */
struct dev {
	spinlock_t lock;
	struct mutex m;
	int state;
	int count;
	struct item *items;
};

int dev_update(struct dev *d, int v)
{
	int ret = 0;

	spin_lock(&d->lock);
	if (d->state != v) {
		ret = -EBUSY;
		goto out;
	}
	d->count++;
out:
	spin_unlock(&d->lock);
	return ret;
}

int dev_read(struct dev *d)
{
	struct item *it;

	guard(mutex)(&d->m);
	rcu_read_lock();
	it = rcu_dereference(d->items);
	rcu_read_unlock();
	return it ? READ_ONCE(d->count) : 0;
}
