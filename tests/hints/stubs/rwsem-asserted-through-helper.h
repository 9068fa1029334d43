/* names rwsem-asserted-through-helper.c uses and does not declare */
void rwsem_assert_held(const struct rw_semaphore *s);
void rwsem_assert_held_write(const struct rw_semaphore *s);
