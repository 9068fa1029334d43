#include "options.h"
#include "run.h"

int main(int argc, char **argv)
{
	struct options o;

	options_parse(&o, argc, argv);
	return run(&o);
}
