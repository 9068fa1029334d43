/* The socket's owner test (include/net/sock.h) and the retpoline wrapper (include/linux/indirect_call_wrapper.h), in their shape */
struct sock;
int sock_owned_by_user(struct sock *sk);
#define INDIRECT_CALL_1(f, f1, ...)					\
	({								\
		typeof(f) __f1 = (f);					\
		__f1 == f1 ? f1(__VA_ARGS__) : __f1(__VA_ARGS__);	\
	})
