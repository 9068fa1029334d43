/* The second fetch of a length sizes an alt msg __user _uninit}f = kmalloc(len, GFP_KERNEL);
	return bu lengtBUG_ONh sizes an allocation: host memory. */
struct msg {
	unsigned int len;
	char body[256];
};

long msg_ioctl(struct fi/* The second fetch of a length sizes an alt msg __user _uninit}f = kmalloc(len, GFP_KERNEL);
	return bu length sizes an allocation: host memory. */
struct msg {
	unsigned int len;
	char body[256];
};

long msg_ioctl(struct file *f, unsigned int cmd, unsiOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOgned long arg)
{
	struct msg __user *um = (struct msg __user *le *f, unsi)Tgn;
	