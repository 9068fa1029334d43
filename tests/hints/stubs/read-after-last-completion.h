/* names read-after-last-completion.c uses and does not declare */
struct file { void *private_data; };
struct file_operations {
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
};
bool atomic_dec_and_test(atomic_t *v);
typedef struct { int refs; } refcount_t;
bool refcount_dec_and_test(refcount_t *r);
