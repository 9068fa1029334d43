/* A socket's owner lock and its owner test (include/net/sock.h), on the fixture's own socket type */
struct sock;
void lock_sock(struct sock *sk);
void release_sock(struct sock *sk);
int sock_owned_by_user(const struct sock *sk);
