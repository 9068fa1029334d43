/* A socket's owner lock (include/net/sock.h), on the fixture's own socket type */
struct sock;
void lock_sock(struct sock *sk);
void release_sock(struct sock *sk);
