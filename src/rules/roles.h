/*
 * Objects of one type told apart by the role they are reached through.
 *
 * A driver keeps its receive rings and its transmit rings in two members
 * of its private struct (priv->rx_ring, priv->tx_ring, embedded or arrays
 * of them); the receive path works on the one and the transmit path on
 * the other, each handed its ring by its callers.  Two accesses, one on
 * an object that every path into it reaches through one member, the
 * other on one every path reaches through another member of the same
 * struct, never touch one object: the struct type is all they share.
 */
#ifndef TOCSIN_RULES_ROLES_H
#define TOCSIN_RULES_ROLES_H

#include "index/index.h"

#include <stdbool.h>

/*
 * The roles of the object op (an access of f) works on, worked out once
 * for an access and then set against each writer's (roles_differ()).
 */
#define ROLE_MAX 8

struct role {
	sym_t key;		/* the member: "struct owl_priv::rx_ring" */
	uint8_t kind;		/* ROLE_EMBEDDED, ROLE_LOADED */
	uint32_t konst;		/* a constant first subscript's spelling, or IR_NONE */
};

struct roles {
	struct role v[ROLE_MAX];
	uint32_t n;
	bool unknown;		/* some path reaches it from elsewhere */
	uint32_t budget;
};

/*
 * Every place op's object comes from, following its pointer back through
 * locals and, when all of a function's callers are known, through the
 * arguments its callers hand it (a few calls up).  False when some path
 * leaves what can be followed: then nothing is known.
 */
bool object_roles(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
		  struct roles *out);

/*
 * Do two objects, each reached only through its set of roles, never meet:
 * every pair of roles is two members of one struct (two embedded members,
 * or two arrays of pointers), or two slots of one array subscripted by
 * different integer literals?  Members of one union are not told apart
 * from a struct's (the field table does not say which is which), nor a
 * pointer array some code copies into another: both are left open.
 */
bool roles_differ(const struct roles *a, const struct roles *b);

/*
 * Op rd reads an array element (`priv->tx_ring[i]`): the array's member
 * key in *key, and its first subscript's spelling in *konst when that is
 * a constant (else IR_NONE).
 */
bool array_load(const struct ir_func *g, const struct ir_op *rd, sym_t *key, uint32_t *konst);

/* The struct a member key ("struct owl_priv::rx_ring") belongs to, with its "::"; 0 if none. */
size_t member_owner_len(sym_t key);

/*
 * Two constant subscripts (their spellings) that name two slots: integer
 * literals of different values (ring[0], ring[1]; 0x0 is 0), or two
 * different names, taken as an enum's members (ring[TX], ring[TX_XDP]:
 * two macros of one value would be wrongly told apart).  A name against a
 * number (ring[RX_Q], ring[0]) proves nothing: the name may be that number.
 */
bool subscripts_differ(uint32_t a, uint32_t b);

#endif
