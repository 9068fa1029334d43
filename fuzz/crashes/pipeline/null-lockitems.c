/* copy_from_user() of a header, then of the whole buffer including that header. */
struct cmd_hdr {
	unsigned int size;
	unsigned int op;
};

static long do_cmd(void __user *ubuf)
{
	struct cmd_hdr hdr;
	struct cmd_hdr *full;

	if (copy_from_user(&hdr, ubuf, sizeof(hdr)))	/* expect-site: fetch */
		return -EFAULT;
	if (hdr.size > 4096 || hdr.size < sizeof(hdr))
		return -EINVAL;
	full = kmalloc(hdr.size, GFP_KERNEL);
	if (!full)
		return -ENOMEM;
	if (copy_from_user(full, ubuf, hdr.size))	/* expect-site: fetch */
		return -EFAULT;
	return run_cmd(full, full->size);
}

/* the operation starts at the system call, which gets the user pointer */
SYSCALL_DEFINE1(docmd, void __user *, ubuf)
{
	return do_cmd(ubuf);		/* expect: double-fetch */
}
