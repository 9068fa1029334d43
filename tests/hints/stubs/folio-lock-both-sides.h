/* names folio-lock-both-sides.c uses and does not declare */
struct folio;
struct vm_area_struct;
#define VM_BUG_ON_FOLIO(cond, folio) ((void)(cond))
int folio_test_locked(struct folio *folio);
bool folio_trylock(struct folio *folio);
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);
int folio_ref_count(struct folio *folio);
int copy_folio_for_write(struct folio *folio, struct vm_area_struct *vma);
