/* names used-before-the-check.c uses and does not declare */
enum { PORT_UP = 0 };
struct port_ctx;
void port_queue_abort(int id, struct port_ctx *c);
