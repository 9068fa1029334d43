# tocsin -- see README.md.  `make demo` and `make check` work on a fresh
# Debian 12 machine: they install what is missing first.

CC ?= cc
BUILD ?= build
DEPS ?= $(BUILD)/deps
TS := $(DEPS)/tree-sitter/vendor/tree-sitter/lib
TSC := $(DEPS)/tree-sitter-c/src

WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
OPT ?= -O2 -g
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -I src -I $(TS)/include $(CFLAGS)
LDLIBS_ALL := -lpthread -lm $(LDLIBS)

SRCS := $(sort $(wildcard src/*/*.c))
PROFILES := $(sort $(wildcard profiles/*.profile))
OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS)) $(BUILD)/obj/gen/profiles.o
LIB_OBJS := $(filter-out $(BUILD)/obj/cli/main.o,$(OBJS))
TS_OBJS := $(BUILD)/obj/ts/lib.o $(BUILD)/obj/ts/parser.o

.PHONY: all deps test-deps browser-deps demo check asan fuzz bench clean unit install

all: $(BUILD)/tocsin

deps: $(DEPS)/.build-stamp

$(DEPS)/.build-stamp: scripts/deps.lock scripts/setup-deps.sh
	scripts/setup-deps.sh build
	@touch $@

test-deps: deps
	scripts/setup-deps.sh test

# Chromium, for the test of the HTML report.  A machine that cannot
# install it (no root, no network) still runs `make check`: the test then
# says it skipped.  After test-deps, so two apt-gets never race for the
# dpkg lock under make -j.
browser-deps: test-deps
	@scripts/setup-deps.sh browser || \
		echo "make: chromium could not be installed; the browser test will skip"

# The vendored runtime and the grammar are third-party code: compiled
# with their own flags, never with our warnings.
$(BUILD)/obj/ts/lib.o: $(DEPS)/.build-stamp
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_DEFAULT_SOURCE $(OPT) $(CFLAGS) -w -I $(TS)/include -I $(TS)/src -c $(TS)/src/lib.c -o $@

$(BUILD)/obj/ts/parser.o: $(DEPS)/.build-stamp
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(CFLAGS) -w -I $(TSC) -c $(TSC)/parser.c -o $@

$(BUILD)/gen/profiles.c: $(PROFILES) scripts/embed-profiles.sh
	@mkdir -p $(dir $@)
	scripts/embed-profiles.sh $@ $(PROFILES)

$(BUILD)/obj/gen/profiles.o: $(BUILD)/gen/profiles.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/%.o: src/%.c $(DEPS)/.build-stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libtocsin.a: $(LIB_OBJS) $(TS_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tocsin: $(BUILD)/obj/cli/main.o $(BUILD)/libtocsin.a
	$(CC) $(CFLAGS_ALL) $(OPT) -o $@ $^ $(LDLIBS_ALL)

-include $(OBJS:.o=.d)

# Findings make tocsin exit 1; for the demo that is the point, not a failure.
demo: all
	@echo "== tocsin examples/ (each bug has its fixed version beside it)"
	@$(BUILD)/tocsin examples; s=$$?; [ $$s -le 1 ] || exit $$s

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the binary (the
# profiles are built into it) and the man page.
PREFIX ?= /usr/local
install: $(BUILD)/tocsin
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/tocsin $(DESTDIR)$(PREFIX)/bin/tocsin
	install -m 644 docs/tocsin.1 $(DESTDIR)$(PREFIX)/share/man/man1/tocsin.1

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tocsin $(BUILD)/libtocsin.a $(BUILD)/tests $(BUILD)/asan $(BUILD)/fuzz

# AddressSanitizer + UndefinedBehaviorSanitizer build, in its own tree,
# with the replayers of the fuzzers' crash corpus.  Built by the clang
# the fuzzers use, so a replay checks what the fuzzer saw fail.
SANITIZE := -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
SANITIZE_CC ?= clang-14
FUZZ_HARNESSES := pipeline profile

asan: test-deps
	$(MAKE) BUILD=$(BUILD)/asan DEPS=$(DEPS) CC=$(SANITIZE_CC) OPT="-O1 -g $(SANITIZE)" \
		$(BUILD)/asan/tocsin $(patsubst %,$(BUILD)/asan/replay_%,$(FUZZ_HARNESSES))

$(BUILD)/replay_%: fuzz/replay.c fuzz/fuzz_%.c $(BUILD)/libtocsin.a
	$(CC) $(CFLAGS_ALL) -o $@ fuzz/replay.c fuzz/fuzz_$*.c $(BUILD)/libtocsin.a $(LDLIBS_ALL)

# libFuzzer (clang from Debian) over the same sources, in its own tree.
# Each harness runs FUZZ_SECONDS; what crashes lands in fuzz/crashes/NAME/,
# which `make check` replays.
FUZZ_SECONDS ?= 600

fuzz: test-deps
	$(MAKE) BUILD=$(BUILD)/fuzz DEPS=$(DEPS) CC=$(SANITIZE_CC) \
		OPT="-O1 -g $(SANITIZE) -fsanitize=fuzzer-no-link" \
		$(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_HARNESSES))
	scripts/fuzz.sh $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

$(BUILD)/fuzz_%: fuzz/fuzz_%.c $(BUILD)/libtocsin.a
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(LDLIBS_ALL)

# Whole-kernel figures (bench/run.sh): parse-only, a cold full scan,
# -r double-fetch, a warm re-scan after a one-file change, peak RSS.
# Timed here, never in a test.  BENCH_JOBS is -j for tocsin.
BENCH_JOBS ?= 2

bench:
	bench/run.sh $(BENCH_JOBS)

# --- tests ---------------------------------------------------------------
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

$(BUILD)/tests/%: tests/unit/%.c tests/unit/helpers.h $(BUILD)/libtocsin.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(BUILD)/libtocsin.a -lcmocka $(LDLIBS_ALL)

unit: test-deps $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

check: test-deps browser-deps all asan $(UNIT_BINS)
	@BUILD=$(BUILD) tests/run-all.sh
