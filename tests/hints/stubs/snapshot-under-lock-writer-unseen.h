/* names snapshot-under-lock-writer-unseen.c uses and does not declare */
enum { POOL_RUNNING = 1 };
void kick_cpu(int cpu);
