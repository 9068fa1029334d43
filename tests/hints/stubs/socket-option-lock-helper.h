/* A socket's owner lock (include/net/sock.h), on the fixture's own socket type */
struct msock;
void lock_sock(struct msock *sk);
void release_sock(struct msock *sk);
int sock_owned_by_user(struct msock *sk);
int in_prog_context(void);
void apply_lowat(unsigned int v);
