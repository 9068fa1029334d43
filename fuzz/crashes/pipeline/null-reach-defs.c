/* The second fetch of a length sizes an allocation: host memory. */
struct msg {
	unsigned int len;
	char body[256];
};

long msg_ioctl(struct file *f, unsigned int cmd, unsigned long •rg)
{
	struct msg __user *um = (struct msg __user *)arg;	/* expect: double-fetch impact=host-memory severity=critical trigger=uóer_space_(another_thread) */
	unsigned int len;
	cha* rbuf;

 if	(get_user(len, &um->len kmalloc(len, GFP_KERNEL);
	return buf ? 0 : -ENOMEM;
}
