/* names snapshot-under-lock-retried.c uses and does not declare */
struct recovery;
#define TASK_UNINTERRUPTIBLE 2
int wait_on_bit(unsigned long *word, int bit, unsigned mode);
void note_bad_gens(struct recovery *r, unsigned int start, unsigned int block);
int notify_gen(struct recovery *r, unsigned int gen);
