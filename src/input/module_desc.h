/*
 * Which modules a source file is built into, read off the tree's build
 * descriptions: EDK2's INF files.  Each sits in its module's directory,
 * names the module's type in its [Defines] section (MODULE_TYPE =
 * DXE_SMM_DRIVER, MM_STANDALONE, ...) and lists its source files in its
 * [Sources] sections, relative to its own directory.  One source file can
 * be built into several modules of different types: a driver for
 * traditional SMM and for Standalone MM shares its handlers' file.
 */
#ifndef TOCSIN_MODULE_DESC_H
#define TOCSIN_MODULE_DESC_H

#include "base/intern.h"

#include <stdint.h>

/*
 * The types of the modules whose INF lists the file at path, looked for in
 * the file's directory and the two above it: how many modules list it
 * (types[] holds the first max of their types).  0: none is known.
 */
uint32_t module_types_of(const char *path, sym_t *types, uint32_t max);

/*
 * The functions the INFs in directory dir name for the module loader to
 * call (ENTRY_POINT, a library's CONSTRUCTOR and DESTRUCTOR,
 * UNLOAD_IMAGE): they run once, when the module is loaded or unloaded,
 * before or after anything it registers can run.  Up to max, in names.
 */
uint32_t module_load_functions(const char *dir, sym_t *names, uint32_t max);

#endif
