/* names stale-index-tested-at-use.c uses and does not declare */
struct napi_struct { int state; };
void napi_schedule(struct napi_struct *n);
