/* A comment where an expression begins hides none of it. */
struct dev {
	int state;
	int count;
};

int dev_ready(struct dev *d);

int dev_poll(struct dev *d)
{
	if (/* settled */ d->state == 2)
		/* one more */ d->count++;
	if ((/* twice */ dev_ready(d)))
		return /* the count so far */ d->count;
	return 0;
}
