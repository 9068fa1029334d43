/*
 * Branch edges taken only for one value of a variable (ir_case); values
 * spelled without the blanks that part no words.
 */
long ring_ioctl(struct ring *r, unsigned int cmd, unsigned long arg, int flags)
{
	if (cmd == RING_RESET || cmd == RING_STOP)
		ring_stop(r);
	if (flags != 3 && cmd != _IOW('R', 1, int))
		return -EINVAL;
	if (!(cmd != RING_KICK))
		ring_kick(r);
	switch (cmd) {
	case 1:
	case RING_SET:
		ring_set(r, arg);
		break;
	case -ENOIOCTLCMD:
		return 1;
	case _IOW('R', 2,
		  struct ring_state):
		return 3;
	case flags:
		return 2;
	default:
		break;
	}
	return 0;
}
