/* names handler-table-caller-lock.c uses and does not declare */
enum { RX_OP_SEND, RX_OP_READ_REQ };
enum { RX_NAK_PSN = 1, RX_STATE_DUP = 2, RX_ACK_RESEND = 3 };
struct qpair;
struct rx_packet;
void rx_queue_ack(struct qpair *qp);
void rx_count_seq_nak(struct qpair *qp);
int rx_prev_slot(struct qpair *qp);
void rx_deliver(struct rx_packet *pkt);
int rx_psn_delta(struct rx_packet *pkt);
unsigned int rx_psn(struct rx_packet *pkt);
