/* names flags-same-bit.c uses and does not declare */
enum { MODE_OUTPUT_OPEN, MODE_INPUT_OPEN };
struct stream;
void stream_transmit(struct stream *s);
