/* generic-type/virt/vm_debugfs.c: the scenario's own header, and a debugfs helper */
#include "../../fixtures/unmarked-race/generic-type/include/node.h"
struct file;
int stat_open(struct file *file, struct vm_stat *stat);
