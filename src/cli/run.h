/* One run of tocsin, from paths to report; see the pipeline in DESIGN.md. */
#ifndef TOCSIN_RUN_H
#define TOCSIN_RUN_H

#include "base/options.h"

/* Returns the exit status: 0 no findings, 1 findings, 2 input error. */
int run(struct options *o);

#endif
