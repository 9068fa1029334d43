/* names generation-check.c uses and does not declare */
void copy_from_base(void *dst, unsigned long base, size_t len);
