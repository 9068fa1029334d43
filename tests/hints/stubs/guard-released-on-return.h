/* names guard-released-on-return.c uses and does not declare */
#define guard(cls) (void)
