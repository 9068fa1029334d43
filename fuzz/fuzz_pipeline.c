/*
 * libFuzzer harness: arbitrary bytes as one C file, through the whole
 * pipeline -- source preparation, parse, lowering, index, every rule (or
 * double-fetch alone, behind the lexical prefilter), triage and a report.  The bytes go through a real file because triage
 * and the HTML report read the source back from disk, as they do in a run.
 */
#include "cli/args.h"
#include "cli/run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_input(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum format formats[] = {
		FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_HTML,
	};
	const char *paths[1];
	struct options o;
	FILE *f;

	if (!path[0]) {
		int fd;

		snprintf(path, sizeof(path), "/tmp/tocsin-fuzz-XXXXXX.c");
		fd = mkstemps(path, 2);
		if (fd < 0) {
			perror("tocsin fuzz: mkstemps");
			abort();
		}
		close(fd);
		atexit(remove_input);
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
	paths[0] = path;
	options_defaults(&o);
	o.paths = paths;
	o.npaths = 1;
	o.jobs = 1;
	o.quiet = true;
	o.output = "/dev/null";
	/* every report format in turn, chosen by the input so it replays */
	o.format = formats[size % 4];
	o.witness = size % 3 == 0;
	o.show_acknowledged = size % 5 == 0;
	/* every other input through the lexical prefilter that -r double-fetch runs */
	if (size % 2)
		o.rules = "double-fetch";
	run(&o);
	return 0;
}
