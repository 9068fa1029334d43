/* names worker-state-check.c uses and does not declare */
enum { WORKER_STOPPED = 0, WORKER_RUNNING = 1 };
void wake_on_cpu(int cpu);
