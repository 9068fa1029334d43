/* The command line: argv into struct options, and its usage text. */
#ifndef TOCSIN_ARGS_H
#define TOCSIN_ARGS_H

#include "base/options.h"

/* Every option at its default: no paths, no terminal. */
void options_defaults(struct options *o);
/* Parse argv; on a usage error prints one line and exits 2. */
void options_parse(struct options *o, int argc, char **argv);
/* Free what options_parse allocated (the strings stay argv's). */
void options_release(struct options *o);

#endif
