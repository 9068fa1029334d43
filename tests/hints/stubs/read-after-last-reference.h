/* names read-after-last-reference.c uses and does not declare */
#ifndef __user
#define __user
#endif
typedef struct { int refs; } refcount_t;
typedef long ssize_t;
typedef long long loff_t;
struct file { void *private_data; };
struct file_operations {
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
};
bool refcount_dec_and_test(refcount_t *r);
