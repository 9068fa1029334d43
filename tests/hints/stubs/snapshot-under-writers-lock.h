/* names snapshot-under-writers-lock.c uses and does not declare */
void send_ipi(int cpu);
void wait_a_while(void);
