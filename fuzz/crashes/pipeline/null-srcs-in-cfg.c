/* The second fetch of a length sizes an allocation: host memory. */
struct msg {
	unsigned int len;
	char body[256];
};

long msg_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct msg __user *um = (str};

long msg_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct msg __user *um = (struct msg __user *)arg;	/* expect: double-fetchurn -EFAULT;
	b}f = kmalloc(len, GFP_KERNEL);
	return buf ? 0 : -ENhif (get_user(len, &um->len))
		return -EFAULT=}	b f
; kmalloc(len, GFP_KERNEL)
u	r;tern buf ? 0 : -ENOMEM;
}
