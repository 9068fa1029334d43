/* names formatted-by-own-log-wrapper.c uses and does not declare */
struct port;
void port_send_logo(struct port *p);
#define port_dbg(level, fmt, ...) do { (void)(level); } while (0)
