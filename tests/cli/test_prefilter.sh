# The lexical prefilter (-r double-fetch): fewer files parsed, the same
# findings as a full run.

# "rule file:line:col function message" of each finding, JSON on stdin
finding_lines() {
	$PY -c '
import json, sys
only = sys.argv[1] if len(sys.argv) > 1 else None
for f in json.load(sys.stdin)["findings"]:
    if only is None or f["rule"] == only:
        print(json.dumps(f, sort_keys=True))' "$@"
}

stat_of() {	# stat_of KEY: a number from the JSON stats on stdin
	$PY -c 'import json, sys; print(json.load(sys.stdin)["stats"][sys.argv[1]])' "$1"
}

# --no-cache: a unit the full run cached would stand in for the skimmed parse
t_prefilter_same_findings_as_full_run() {
	"$TOCSIN" -q --no-cache --show-acknowledged --format json tests/fixtures examples \
		>"$TMP/full.json"
	"$TOCSIN" -q --no-cache --show-acknowledged --format json -r double-fetch tests/fixtures \
		examples >"$TMP/df.json"
	finding_lines double-fetch <"$TMP/full.json" >"$TMP/full.txt"
	finding_lines <"$TMP/df.json" >"$TMP/df.txt"
	[ -s "$TMP/full.txt" ] || { fail "no double fetch in the fixtures at all"; return 1; }
	cmp -s "$TMP/full.txt" "$TMP/df.txt" ||
		{ fail "-r double-fetch differs from a full run: $(diff "$TMP/full.txt" "$TMP/df.txt")"; return 1; }
	kept=$(stat_of prefilter_kept <"$TMP/df.json")
	all=$(stat_of prefilter_files <"$TMP/df.json")
	[ "$kept" -lt "$all" ] || { fail "the prefilter kept all $all files"; return 1; }
	[ "$(stat_of prefilter_in_part <"$TMP/df.json")" -gt 0 ] ||
		{ fail "no file was read only for its definitions"; return 1; }
	[ "$(stat_of bodies_skimmed <"$TMP/df.json")" -gt 0 ] || fail "the parse skimmed no function body"
}

# Skipping a long comment whole would leave the parser no comment after a
# macro call without a semicolon, and it would lose the functions after
# it; the skimmed parse finds every function the full one finds.
t_prefilter_skimmed_parse_keeps_every_function() {
	f=tests/fixtures/double-fetch/vendor-banners.c
	"$TOCSIN" -q --no-cache --format json "$f" >"$TMP/full.json"
	"$TOCSIN" -q --no-cache --format json -r double-fetch "$f" >"$TMP/df.json"
	[ "$(stat_of bodies_skimmed <"$TMP/df.json")" = 3 ] ||
		{ fail "expected the three unread bodies skimmed: $(cat "$TMP/df.json")"; return 1; }
	[ "$(stat_of functions <"$TMP/full.json")" = 4 ] ||
		{ fail "the full parse does not find the four functions"; return 1; }
	[ "$(stat_of functions <"$TMP/df.json")" = 4 ] ||
		{ fail "the skimmed parse found $(stat_of functions <"$TMP/df.json") functions, not 4"; return 1; }
	[ "$(finding_lines <"$TMP/df.json")" = "$(finding_lines double-fetch <"$TMP/full.json")" ] ||
		fail "-r double-fetch differs from a full run"
}

SCOPE=tests/fixtures/double-fetch/prefilter-scope

# A header kept only for a struct is read only for its declaration (and
# its directives); that declaration still decides a finding: without it,
# an array's address would count as a read of guest memory.
t_prefilter_reads_only_the_definitions_taken() {
	d=tests/fixtures/double-fetch/prefilter-types
	"$TOCSIN" -q --no-cache --profile-file "$d/frob.profile" --format json "$d" >"$TMP/full.json"
	"$TOCSIN" -q --no-cache --profile-file "$d/frob.profile" --format json -r double-fetch "$d" \
		>"$TMP/df.json"
	[ "$(stat_of prefilter_in_part <"$TMP/df.json")" = 1 ] ||
		{ fail "frob_page.h not read for its definitions only: $(cat "$TMP/df.json")"; return 1; }
	[ "$(finding_lines <"$TMP/df.json" | wc -l)" = 1 ] ||
		{ fail "expected the one double fetch: $(finding_lines <"$TMP/df.json")"; return 1; }
	[ "$(finding_lines <"$TMP/df.json")" = "$(finding_lines double-fetch <"$TMP/full.json")" ] ||
		fail "-r double-fetch differs from a full run"
}

# Two headers define struct frob_page; the index takes the first in file
# order, so the prefilter must keep that one: in the second, bitmap is a
# pointer, and reading it twice from the guest page would be reported.
t_prefilter_takes_the_first_definition_of_a_name() {
	d="$TMP/twice"
	cp -r tests/fixtures/double-fetch/prefilter-types "$d"
	cat >"$d/frob_page_v2.h" <<'C'
struct frob_page {
	unsigned int len;
	unsigned long *bitmap;
	unsigned char *data;
};
C
	"$TOCSIN" -q --no-cache --profile-file "$d/frob.profile" --format json "$d" >"$TMP/full.json"
	"$TOCSIN" -q --no-cache --profile-file "$d/frob.profile" --format json -r double-fetch "$d" \
		>"$TMP/df.json"
	grep -q frob_handle_bits "$TMP/full.json" &&
		{ fail "the full run took the second definition: $(cat "$TMP/full.json")"; return 1; }
	[ "$(finding_lines <"$TMP/df.json")" = "$(finding_lines double-fetch <"$TMP/full.json")" ] ||
		fail "-r double-fetch differs from a full run: $(finding_lines <"$TMP/df.json")"
}

# Two architectures define struct regs; the first in file order lacks the
# register array, which the index finds in the other definition, kept as
# an alternative.  The prefilter must keep that one too, or the member's
# size is unknown and the double fetch of a register is lost.
t_prefilter_keeps_every_definition_of_a_struct() {
	d="$TMP/alt"
	mkdir -p "$d/arch/al/include" "$d/arch/sp/include" "$d/arch/sp/kernel"
	printf 'struct regs {\n\tunsigned long pc;\n\tunsigned long flags;\n};\n' \
		>"$d/arch/al/include/regs.h"
	printf 'struct regs {\n\tunsigned long u_regs[16];\n\tunsigned long pc;\n};\n' \
		>"$d/arch/sp/include/regs.h"
	cat >"$d/arch/sp/kernel/sigreturn.c" <<'C'
struct rt_frame {
	struct regs regs;
	unsigned long mask;
};

long do_sigreturn(struct regs *regs, struct rt_frame __user *sf)
{
	unsigned long fp;

	if (get_user(fp, &sf->regs.u_regs[14]))
		return -14;
	if (fp & 7)
		return -22;
	if (copy_from_user(regs->u_regs, sf->regs.u_regs, sizeof(regs->u_regs)))
		return -14;
	return 0;
}
C
	"$TOCSIN" -q --no-cache --format json "$d" >"$TMP/full.json"
	"$TOCSIN" -q --no-cache --format json -r double-fetch "$d" >"$TMP/df.json"
	[ "$(finding_lines double-fetch <"$TMP/full.json" | wc -l)" = 1 ] ||
		{ fail "the full run does not find the register read twice: $(cat "$TMP/full.json")"; return 1; }
	[ "$(finding_lines <"$TMP/df.json")" = "$(finding_lines double-fetch <"$TMP/full.json")" ] ||
		fail "-r double-fetch differs from a full run: $(finding_lines <"$TMP/df.json")"
}

t_prefilter_keeps_callees_types_and_callers() {
	run "$TOCSIN" -r double-fetch --format json "$SCOPE"
	expect_status 1 && expect_err "kept 5 of 6 files" || return 1
	# the double fetch is in a callee in another file
	printf '%s' "$out" | finding_lines | grep -q '"function": "frob_apply", "line": 14' ||
		{ fail "the callee's second fetch is not reported: $out"; return 1; }
	[ "$(printf '%s' "$out" | finding_lines)" = \
	  "$("$TOCSIN" -q --no-prefilter -r double-fetch --format json "$SCOPE" | finding_lines)" ] ||
		fail "--no-prefilter gives other findings"
}

# frob_legacy() reads user memory twice, but is no entry point while
# frob_compat.c calls it; without that caller it is one, and reported
t_prefilter_keeps_what_decides_entry_points() {
	mkdir "$TMP/scope" && cp "$SCOPE"/* "$TMP/scope/"
	run "$TOCSIN" -q -r double-fetch --format json "$TMP/scope"
	printf '%s' "$out" | grep -q frob_legacy && { fail "frob_legacy reported with a caller"; return 1; }
	rm "$TMP/scope/frob_compat.c"
	run "$TOCSIN" -q -r double-fetch --format json "$TMP/scope"
	printf '%s' "$out" | finding_lines | grep -q '"function": "frob_legacy"' ||
		{ fail "frob_legacy not reported as an entry point: $out"; return 1; }
	[ "$(printf '%s' "$out" | finding_lines)" = \
	  "$("$TOCSIN" -q --format json "$TMP/scope" | finding_lines double-fetch)" ] ||
		fail "differs from a full run"
}

# The closure follows what the functions reached call, not every call in
# their files; and a static entry point outside a header is decided by its
# own file alone, so other files naming a function like it stay out.
t_prefilter_follows_functions_not_files() {
	d="$TMP/granular"
	mkdir "$d"
	cat >"$d/ioctl.c" <<'C'
struct req { int len; int kind; };
void req_check(struct req *r);
static long req_ioctl(struct req __user *u)
{
	struct req k;

	if (get_user(k.len, &u->len))
		return -1;
	if (k.len > 8)
		return -1;
	if (get_user(k.len, &u->len))
		return -1;
	req_check(&k);
	return 0;
}
C
	cat >"$d/check.c" <<'C'
void far_away(void);
void req_check(struct req *r) { r->kind = 0; }
void unrelated(void) { far_away(); }
C
	cat >"$d/far.c" <<'C'
void far_away(void) { }
C
	cat >"$d/other.c" <<'C'
static long req_ioctl(long x) { return x; }
long other_entry(long x) { return req_ioctl(x); }
C
	run "$TOCSIN" -r double-fetch --format json "$d"
	expect_status 1 && expect_err "kept 2 of 4 files" || return 1
	[ "$(printf '%s' "$out" | finding_lines)" = \
	  "$("$TOCSIN" -q --no-prefilter -r double-fetch --format json "$d" | finding_lines)" ] ||
		fail "--no-prefilter gives other findings"
}

t_prefilter_only_when_every_rule_allows_it() {
	run "$TOCSIN" -r double-fetch,unmarked-race "$SCOPE"
	printf '%s' "$err" | grep -q prefilter && { fail "prefiltered with unmarked-race selected"; return 1; }
	run "$TOCSIN" "$SCOPE"
	printf '%s' "$err" | grep -q prefilter && { fail "prefiltered with every rule selected"; return 1; }
	return 0
}
