/* A socket's owner lock (include/net/sock.h), on the fixture's own socket type */
struct lsock;
void lock_sock(struct lsock *sk);
void release_sock(struct lsock *sk);
int sock_owned_by_user(struct lsock *sk);
