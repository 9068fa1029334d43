/* A socket's owner lock (include/net/sock.h), on the fixture's own socket type */
struct msock;
struct socket_lock_word;
void lock_sock(struct msock *sk);
void release_sock(struct msock *sk);
int wait_reader_turn(struct msock *sk);
void consume(unsigned int n);
