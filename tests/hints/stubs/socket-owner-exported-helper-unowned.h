/* A socket's owner lock (include/net/sock.h), on the fixture's own socket type */
struct dsock;
void lock_sock(struct dsock *sk);
void release_sock(struct dsock *sk);
int sock_owned_by_user(struct dsock *sk);
#define EXPORT_SYMBOL(sym) extern int __export_##sym
