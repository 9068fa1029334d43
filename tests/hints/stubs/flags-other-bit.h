/* names flags-other-bit.c uses and does not declare */
enum { RECOVERY_NEEDED, RECOVERY_FROZEN, RECOVERY_RUNNING };
struct conf;
int conf_sync_sector(struct conf *conf, long sector);
