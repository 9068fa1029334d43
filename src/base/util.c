#include "base/util.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("tocsin: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fputs("tocsin: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("tocsin: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	sb_str(&b);
	return b.s;
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("tocsin: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("tocsin: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* FNV-1a: short keys, no alignment worries, good enough spread. */
uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool str_contains(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

bool c_integer(const char *s, long long *v)
{
	char *e;

	*v = strtoll(s, &e, 0);
	if (e == s)
		return false;
	while (*e == 'u' || *e == 'U' || *e == 'l' || *e == 'L')
		e++;
	return *e == '\0';
}

void vec_grow_(void **v, uint32_t *cap, uint32_t need, size_t elem)
{
	uint64_t c = *cap ? *cap : 4;

	while (c < need)
		c *= 2;
	if (c > UINT32_MAX)
		c = UINT32_MAX;
	*v = xrealloc(*v, c * elem);
	*cap = (uint32_t)c;
}

static void sb_reserve(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	while (b->cap < need)
		b->cap = b->cap ? b->cap * 2 : 64;
	b->s = xrealloc(b->s, b->cap);
}

void sb_putc(struct sbuf *b, char c)
{
	sb_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	copy_n(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	sb_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void sb_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *sb_str(struct sbuf *b)
{
	if (!b->s)
		sb_reserve(b, 0), b->s[0] = '\0';
	return b->s;
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void copy_n(void *dst, const void *src, size_t n)
{
	if (n)
		memcpy(dst, src, n);
}

void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

bool phases_enabled(void)
{
	static int enabled = -1;

	if (enabled < 0) {
		const char *e = getenv("TOCSIN_PHASES");

		enabled = e && *e == '1';
	}
	return enabled;
}

void phase_mark(const char *name)
{
	static double last, last_cpu;
	double t = now_seconds(), cpu = 0;
	struct rusage ru;

	if (!phases_enabled())
		return;
	/* CPU as well as wall: on a shared machine the wall time says little */
	getrusage(RUSAGE_SELF, &ru);
	cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	      ru.ru_stime.tv_usec / 1e6;
	if (last > 0) {
		/* resident now and at peak: which phase holds the memory */
		long pages = 0;
		FILE *statm = fopen("/proc/self/statm", "r");

		if (statm) {
			if (fscanf(statm, "%*s %ld", &pages) != 1)
				pages = 0;
			fclose(statm);
		}
		fprintf(stderr, "phase %-24s %7.2f s  cpu %7.2f s  rss %6ld MiB  peak %6ld MiB\n",
			name, t - last, cpu - last_cpu,
			pages * (sysconf(_SC_PAGESIZE) / 1024) / 1024, ru.ru_maxrss / 1024);
	}
	last = t;
	last_cpu = cpu;
}

unsigned utf8_seq_len(const unsigned char *p, size_t avail)
{
	unsigned n, i;
	uint32_t c;

	if (!avail)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

size_t common_dir_prefix(const char *a, const char *b)
{
	size_t n = 0, slash = 0;

	while (a[n] && a[n] == b[n]) {
		if (a[n] == '/')
			slash = n;
		n++;
	}
	return slash;
}
