#include "cli/tree_kind.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * A marker is a path from the tree's root that only that codebase has:
 * headers of its own API, not names a vendored copy would carry.  Two
 * markers for one kind must both exist.
 */
static const struct {
	const char *name, *profiles, *marker[2];
	/*
	 * Top directories of the tree that are not its code: Linux's tools/
	 * (user-space programs, with their own copies of kernel headers) and
	 * scripts/ (programs for the build host), EDK2's BaseTools/ and TF-A's
	 * tools/ (build-host programs with their own CompareGuid() and
	 * memcpy(), which calls from the firmware must not resolve to),
	 * QEMU's tests/ (unit-test programs and qtests, which drive the
	 * emulator from outside and share none of its threads).  Left out of
	 * a scan of the whole tree; scanned when named.
	 */
	const char *outside[3];
} kinds[] = {
	{ "the Xen hypervisor", "xen-hv",
	  { "xen/include/xen/guest_access.h", "xen/common/domctl.c" } },
	{ "the Xen hypervisor", "xen-hv", { "include/xen/guest_access.h", "common/domctl.c" } },
	{ "Linux", "kvm,linux-user,xen", { "include/linux/kernel.h", "Kbuild" },
	  { "tools/", "scripts/" } },
	{ "OpenSBI", "opensbi", { "include/sbi/sbi_ecall.h", "lib/sbi/sbi_init.c" } },
	{ "EDK2", "edk2", { "MdePkg/Include/Uefi.h", "MdePkg/MdePkg.dec" }, { "BaseTools/" } },
	{ "QEMU", "qemu,xen", { "include/qemu/osdep.h", "qemu-options.hx" }, { "tests/" } },
	{ "OP-TEE", "optee", { "core/include/optee_msg.h", "core/tee/tee_svc.c" } },
	{ "TF-A", "tf-a", { "include/common/runtime_svc.h", "bl31/bl31_main.c" }, { "tools/" } },
};

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The kind whose markers dir holds, or -1. */
static int kind_at(const char *dir, char *marker, size_t n)
{
	char a[PATH_MAX + 64], b[PATH_MAX + 64];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(a, sizeof(a), "%s/%s", dir, kinds[k].marker[0]);
		snprintf(b, sizeof(b), "%s/%s", dir, kinds[k].marker[1]);
		if (is_file(a) && is_file(b)) {
			snprintf(marker, n, "%s", kinds[k].marker[0]);
			return (int)k;
		}
	}
	return -1;
}

/*
 * The kind of the tree holding path: it and every directory above it.
 * *at_root: path is the tree's root itself.
 */
static int kind_of(const char *path, char *marker, size_t n, bool *at_root, char *dir)
{
	char real[PATH_MAX];
	struct stat st;

	*at_root = false;
	if (!realpath(path, dir))
		return -1;
	snprintf(real, sizeof(real), "%s", dir);
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(dir, '/');

		if (slash)
			*slash = '\0';
	}
	for (;;) {
		int k = kind_at(*dir ? dir : "/", marker, n);
		char *slash;

		if (k >= 0) {
			*at_root = !strcmp(dir, real);
			return k;
		}
		slash = strrchr(dir, '/');
		if (!slash || !*dir)
			return -1;
		*slash = '\0';
	}
}

bool tree_kind_detect(const char *const *paths, uint32_t n, struct tree_kind *out)
{
	int found = -1;
	bool all_roots = true;

	out->root[0] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		char marker[sizeof(out->marker)], root[PATH_MAX];
		bool at_root;
		int k = kind_of(paths[i], marker, sizeof(marker), &at_root, root);

		all_roots &= at_root;
		/* a path outside any known tree, or trees of two kinds: no choice */
		if (k < 0 || (found >= 0 && strcmp(kinds[k].profiles, kinds[found].profiles)))
			return false;
		if (found < 0) {
			snprintf(out->marker, sizeof(out->marker), "%s", marker);
			snprintf(out->root, sizeof(out->root), "%s", *root ? root : "/");
		} else if (strcmp(out->root, *root ? root : "/")) {
			out->root[0] = '\0';	/* two trees: neither is the context */
		}
		found = k;
	}
	if (found < 0)
		return false;
	out->name = kinds[found].name;
	out->profiles = kinds[found].profiles;
	out->noutside = 0;
	out->nnot_code = 0;
	for (unsigned i = 0; i < 3 && kinds[found].outside[i]; i++) {
		out->not_code[out->nnot_code++] = kinds[found].outside[i];
		if (all_roots)
			out->outside[out->noutside++] = kinds[found].outside[i];
	}
	return true;
}
