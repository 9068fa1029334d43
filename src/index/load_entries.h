/*
 * The functions a module loader calls once, when it loads or unloads the
 * module, as the tree's build descriptions name them (EDK2's INF files:
 * ENTRY_POINT, CONSTRUCTOR, DESTRUCTOR, UNLOAD_IMAGE).  A driver's entry
 * point runs before anything it registers can run and on one CPU: it is
 * setup code, as an init function is by its name (index/writers.h).
 */
#ifndef TOCSIN_LOAD_ENTRIES_H
#define TOCSIN_LOAD_ENTRIES_H

struct index;

/* Fill idx->load_entry (left NULL when the tree names none). */
void mark_load_entries(struct index *idx);

#endif
