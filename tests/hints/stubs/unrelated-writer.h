/* unrelated-writer/proto_a/a_sock.c: the ops table its framework would declare */
struct sockbase;
struct proto_ops {
	void (*shutdown)(struct sockbase *sk, int how);
	int (*poll)(struct sockbase *sk);
	int (*readable)(struct sockbase *sk);
};
