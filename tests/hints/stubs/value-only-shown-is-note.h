/* names value-only-shown-is-note.c uses and does not declare */
struct seq_file;
void seq_printf(struct seq_file *m, const char *fmt, ...);
int sysfs_emit_at(char *buf, int at, const char *fmt, ...);
struct slot;
void pool_dbg(struct slot *s, const char *fmt, ...);
