/* A socket's owner assertion (include/net/sock.h), on the fixture's own socket type */
struct sock;
void sock_owned_by_me(const struct sock *sk);
