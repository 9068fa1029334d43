/*
 * How far a racing value reaches, weakest first: the scale flow.h measures
 * and every finding's impact is given on.
 */
#ifndef TOCSIN_IMPACT_H
#define TOCSIN_IMPACT_H

enum impact {
	IMPACT_NONE,		/* not triaged */
	IMPACT_BENIGN,
	IMPACT_GUEST_STATE,
	IMPACT_HOST_WARN,
	IMPACT_HOST_CONTROL,
	IMPACT_HOST_MEMORY,
};

#endif
