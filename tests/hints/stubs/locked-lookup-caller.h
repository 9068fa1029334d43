/* names locked-lookup-caller.c uses and does not declare */
struct sport;
struct sport_state;
struct sport *sport_ref(struct sport_state *st);
void mydrv_hw_kick(struct sport *p, unsigned int head);
