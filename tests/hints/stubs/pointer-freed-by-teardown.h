/* the fixture's own dump packets */
struct dump_pkt;
struct dump_buf;
struct ctrl;
struct dump_pkt *next_packet(struct ctrl *c);
void copy_packet(struct dump_buf *d, struct dump_pkt *p);
