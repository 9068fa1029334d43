/* names bracket-start-stop.c uses and does not declare */
enum { LENTRY_ACTIVE, LENTRY_REVOKED };
struct lclient;
struct lwalk;
struct lwalk_ops;
void *lclient_entry(struct lclient *cl, long pos);
void lwalk_puts(struct lwalk *w, const char *s);
int lwalk_run(struct lclient *cl, const struct lwalk_ops *ops);
