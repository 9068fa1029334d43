/* names object-from-dup-helper.c uses and does not declare */
struct kmem_cache;
void *kmem_cache_alloc(struct kmem_cache *c, unsigned int flags);
