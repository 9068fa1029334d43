/*
 * Which codebase a scan is in, from files only that codebase has, so that
 * a run with no --profile uses the profiles written for it: a Xen
 * checkout gets xen-hv, a Linux tree its KVM, user-memory and Xen-driver
 * profiles, an OpenSBI tree opensbi, an EDK2 tree edk2, a QEMU tree qemu
 * and xen, an OP-TEE tree optee, a TF-A tree tf-a.  An unknown tree gets
 * every shipped profile, as before.
 */
#ifndef TOCSIN_TREE_KIND_H
#define TOCSIN_TREE_KIND_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tree_kind {
	const char *name;	/* "the Xen hypervisor" */
	const char *profiles;	/* a --profile list: "xen-hv" */
	char marker[128];	/* the file that told, from the tree's root */
	/*
	 * Directories of the tree that are not its code ("tools/"), left out
	 * when every path scanned is the tree's root; relative to it.
	 */
	const char *outside[3];
	unsigned noutside;
	/*
	 * The tree's root (a real path), and its directories that are not its
	 * code whether or not the scan is at the root: what a scan of a part
	 * of the tree reads for context comes from the rest (input/context.h).
	 */
	char root[PATH_MAX];
	const char *not_code[3];
	unsigned nnot_code;
};

/*
 * Look in each scanned path and the directories above it for a marker.
 * False when none is found (or the paths disagree).  out->root is the
 * first path's tree; "" when the paths lie in different trees of the kind.
 */
bool tree_kind_detect(const char *const *paths, uint32_t n, struct tree_kind *out);

#endif
