/* Code under "#if 0" is never compiled: it is not lowered, its #else is. */
struct dev {
	int state;
};

#if 0
void dev_old_reset(struct dev *d)
{
	d->state = 0;
}
#else
void dev_reset(struct dev *d)
{
	d->state = 1;
}
#endif

int dev_poll(struct dev *d)
{
#if 0
	dev_old_reset(d);
#elif 0
	d->state = 3;
#else
	dev_reset(d);
#endif
#ifdef CONFIG_DEV_DEBUG
	dev_dump(d);
#endif
	return d->state;
}
