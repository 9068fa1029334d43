/*
 * Arms of an if/else chain built only under a config option: the chain
 * stays one chain whichever arms are built, and an arm never runs into
 * the next one.
 */
int chain_else_then_if(unsigned int cmd, void *argp)
{
	int err;

	if (cmd == 1) {
		err = first(argp);
	} else
#ifdef CONFIG_OPT
	if (cmd == 2) {
		err = second(argp);
	} else
#endif
		switch (cmd) {
		case 3:
			err = third(argp);
			break;
		default:
			err = 0;
		}
	return err;
}

int chain_else_if_arm(int a, int b)
{
	int err;

	if (a) {
		err = first(0);
	}
#ifdef CONFIG_OPT
	else if (b) {
		err = second(0);
	}
#endif
	else {
		err = third(0);
	}
	return err;
}

int chain_head_per_build(int a, int b)
{
	int err;

#ifdef CONFIG_OPT
	if (a) {
		err = first(0);
	} else
#else
	if (b) {
		err = second(0);
	} else
#endif
	{
		err = third(0);
	}
	return err;
}
