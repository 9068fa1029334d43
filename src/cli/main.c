#include "cli/args.h"
#include "cli/run.h"

int main(int argc, char **argv)
{
	struct options o;

	int status;

	options_parse(&o, argc, argv);
	status = run(&o);
	options_release(&o);
	return status;
}
