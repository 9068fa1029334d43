/* The socket's owner test (include/net/sock.h) and the section marker of a table written once at init */
struct sock;
int sock_owned_by_user(struct sock *sk);
#define __ro_after_init
