# Triage options: acknowledged findings, severity, baselines, diffs, fix hints.

t_acknowledged_hidden_and_counted() {
	run "$TOCSIN" "$FIXTURES/triage/ack-suppressed.c"
	expect_status 0 && expect_err "1 acknowledged, hidden" || return 1
	run "$TOCSIN" --show-acknowledged "$FIXTURES/triage/ack-suppressed.c"
	expect_status 1 && expect_out "acknowledged: suppressed in the source: head is only a hint"
}

t_possible_hidden_counted_and_ranked() {
	# the unrelated writer's finding is only possible: hidden and counted
	# by reason, shown with --all after the confident ones of its severity
	d="$FIXTURES/unmarked-race/framework-callbacks.c"
	run "$TOCSIN" --format json "$d"
	expect_status 1 && expect_err "1 only possible, hidden (--all): 1 both sides are called back" || return 1
	printf '%s' "$out" | $PY -c '
import json, sys
r = json.load(sys.stdin)
assert [f["confidence"] for f in r["findings"]] == ["confident"], r["findings"]
assert r["stats"]["possible_hidden"] == 1, r["stats"]
' || { fail "the possible finding was shown or not counted"; return 1; }
	run "$TOCSIN" --all --format json "$d"
	printf '%s' "$out" | $PY -c '
import json, sys
fs = json.load(sys.stdin)["findings"]
assert [f["confidence"] for f in fs] == ["confident", "possible"], [(f["line"], f["confidence"]) for f in fs]
assert "framework" in fs[1]["doubt"], fs[1]
' || fail "--all did not show the possible finding after the confident one"
}

t_acknowledged_across_many_files() {
	# more files than triage keeps open at once: every suppression is
	# still read, from its own file
	mkdir "$TMP/many"
	for i in $(seq 1 40); do
		sed "s/drain(/drain_$i(/" "$FIXTURES/triage/ack-suppressed.c" >"$TMP/many/f$i.c"
	done
	run "$TOCSIN" --format json --show-acknowledged "$TMP/many"
	printf '%s' "$out" | $PY -c '
import json, sys
fs = json.load(sys.stdin)["findings"]
assert len(fs) == 40, len(fs)
assert all(f["status"] == "acknowledged" for f in fs), [f["file"] for f in fs if f["status"] != "acknowledged"]
' || fail "a suppression was not read"
}

t_min_severity() {
	run "$TOCSIN" --min-severity high "$FIXTURES/triage/impact-guest-state.c"
	expect_status 0 && expect_err "1 below --min-severity" || return 1
	run "$TOCSIN" -q --min-severity low "$FIXTURES/triage/impact-guest-state.c"
	expect_status 1
}

t_witness_two_columns() {
	run "$TOCSIN" -q --witness "$FIXTURES/triage/impact-guest-state.c"
	expect_out "CPU0 *| CPU1" && expect_out "| guest (L1) writes it"
}

t_json_has_triage() {
	run "$TOCSIN" -q --format json "$FIXTURES/triage/impact-host-memory.c"
	printf '%s' "$out" | $PY -c '
import json, sys
f = json.load(sys.stdin)["findings"][0]
assert f["impact"] == "host-memory", f["impact"]
assert f["severity"] == "critical", f["severity"]
assert f["trigger"].startswith("user space"), f["trigger"]
assert len(f["witness"]) == 3 and {w["cpu"] for w in f["witness"]} == {0, 1}
assert any(s["role"] == "flow" for s in f["sites"])
' || fail "JSON triage fields wrong"
}

t_baseline_unchanged_and_moved() {
	cp -r "$FIXTURES/double-fetch" "$TMP/tree"
	"$TOCSIN" -q --format json -o "$TMP/base.json" "$TMP/tree" 2>/dev/null
	run "$TOCSIN" --baseline "$TMP/base.json" "$TMP/tree"
	expect_status 0 && expect_err "0 findings" && expect_err "in the baseline" || return 1
	# a blank line at the top moves every line: fingerprints must not care
	for f in "$TMP"/tree/*.c; do
		printf '\n' | cat - "$f" >"$f.new" && mv "$f.new" "$f"
	done
	run "$TOCSIN" --baseline "$TMP/base.json" "$TMP/tree"
	expect_status 0 && expect_err "0 findings" || return 1
	# a SARIF report works as a baseline too
	"$TOCSIN" -q --format sarif -o "$TMP/base.sarif" "$TMP/tree" 2>/dev/null
	run "$TOCSIN" --baseline "$TMP/base.sarif" "$TMP/tree"
	expect_status 0 && expect_err "0 findings"
}

t_baseline_not_a_report() {
	printf '{"something": "else"}\n' >"$TMP/x.json"
	run "$TOCSIN" --baseline "$TMP/x.json" "$FIXTURES/double-fetch/not-shared.c"
	expect_status 2 && one_line_err && expect_err "not a tocsin JSON or SARIF report"
}

t_diff_reports_only_the_new_double_fetch() {
	mkdir -p "$TMP/repo"
	cp "$FIXTURES/double-fetch/guest-two-reads.c" "$FIXTURES/double-fetch/guest-snapshot-local.c" "$TMP/repo/"
	(cd "$TMP/repo" && git init -q && git add . &&
		git -c user.name=t -c user.email=t@t commit -qm base) || { fail "git init"; return 1; }
	# the patch under review adds a second fetch to the correct file
	sed -i 's/	buf = kmalloc(len, GFP_KERNEL);/	buf = kmalloc(cb->len, GFP_KERNEL);/' "$TMP/repo/guest-snapshot-local.c"
	run "$TOCSIN" --diff HEAD "$TMP/repo"
	expect_status 1 && expect_err "1 finding" && expect_err "1 outside the diff" &&
		expect_out "guest-snapshot-local.c:.*warning: cb->len is read 2 times"
}

t_diff_bad_revision() {
	mkdir -p "$TMP/repo"
	cp "$FIXTURES/double-fetch/guest-two-reads.c" "$TMP/repo/"
	(cd "$TMP/repo" && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm base)
	run "$TOCSIN" --diff no-such-rev "$TMP/repo"
	expect_status 2 && one_line_err && expect_err "--diff no-such-rev"
}

# Outside a work tree nothing can be compared: an error even with no finding.
t_diff_outside_a_work_tree() {
	mkdir -p "$TMP/plain"
	cp "$FIXTURES/double-fetch/not-shared.c" "$TMP/plain/"
	run env GIT_CEILING_DIRECTORIES="$TMP" "$TOCSIN" --diff HEAD "$TMP/plain"
	expect_status 2 && one_line_err && expect_err "is not in a git work tree"
}

# A revision the work tree lacks is an error even when nothing is found.
t_diff_bad_revision_without_findings() {
	mkdir -p "$TMP/repo"
	cp "$FIXTURES/double-fetch/not-shared.c" "$TMP/repo/"
	(cd "$TMP/repo" && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm base)
	run "$TOCSIN" --diff no-such-rev "$TMP/repo"
	expect_status 2 && one_line_err && expect_err "no such revision"
}

t_fix_hint_diff_applies_and_fixes() {
	mkdir -p "$TMP/repo"
	cp "$FIXTURES/stale-snapshot/generation-check.c" "$TMP/repo/gen.c"
	(cd "$TMP/repo" && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm base)
	(cd "$TMP/repo" && "$TOCSIN" -q --fix-hints diff gen.c >"$TMP/out.txt" 2>/dev/null)
	sed -n '/^--- a\//,$p' "$TMP/out.txt" | grep -v ': note: \|: warning: ' >"$TMP/fix.diff"
	grep -q '^+.*base = READ_ONCE(m->base);' "$TMP/fix.diff" || { fail "no READ_ONCE in the diff: $(cat "$TMP/out.txt")"; return 1; }
	# hunks with context, as a mail or `git am` carries them
	(cd "$TMP/repo" && patch -p1 --dry-run -s <"$TMP/fix.diff") || { fail "patch -p1 rejects the diff"; return 1; }
	(cd "$TMP/repo" && git apply "$TMP/fix.diff") || { fail "the diff does not apply"; return 1; }
	grep -q 'unsigned long base = m->base;' "$TMP/repo/gen.c" || { fail "the declaration was changed"; return 1; }
	run "$TOCSIN" -q -r stale-snapshot "$TMP/repo/gen.c"
	expect_status 0 || fail "still reported after the fix: $out"
}

# The same report however the scan is spelled: a directory, ./dir/, its
# absolute path, or . from inside it; outside git and inside a work tree.
same_report_four_ways() {
	root=$1 dir=$2 name=$3	# $4: a file the report must name so
	"$TOCSIN" -q --format json -o "$TMP/r1.json" "$dir" 2>/dev/null
	(cd "$root" && "$TOCSIN" -q --format json -o "$TMP/r2.json" "./$name/" 2>/dev/null)
	(cd / && "$TOCSIN" -q --format json -o "$TMP/r3.json" "$root/$name" 2>/dev/null)
	(cd "$root/$name" && "$TOCSIN" -q --format json -o "$TMP/r4.json" . 2>/dev/null)
	$PY - "$TMP" "$4" <<'PY' || fail "reports differ by spelling"
import json, sys
tmp, named = sys.argv[1], sys.argv[2]
seen = []
for i in range(1, 5):
    fs = json.load(open(f"{tmp}/r{i}.json"))["findings"]
    seen.append(sorted((f["file"], f["fingerprint"]) for f in fs))
assert seen[0], "no findings"
assert all(s == seen[0] for s in seen), seen
assert named in {f for f, _ in seen[0]}, seen[0]
PY
}

t_paths_relative_to_project_root() {
	mkdir -p "$TMP/proj"
	cp -r "$FIXTURES/double-fetch" "$TMP/proj/src"
	# outside git: relative to the scanned directory
	(cd "$TMP" && same_report_four_ways "$TMP/proj" proj/src src guest-two-reads.c) || return 1
	# inside a work tree: relative to its top
	(cd "$TMP/proj" && git init -q) || { fail "git init"; return 1; }
	(cd "$TMP" && same_report_four_ways "$TMP/proj" proj/src src src/guest-two-reads.c)
}

t_baseline_holds_across_spellings() {
	cp -r "$FIXTURES/double-fetch" "$TMP/tree"
	(cd "$TMP" && "$TOCSIN" -q --format json -o "$TMP/base.json" tree 2>/dev/null)
	(cd "$TMP/tree" && run "$TOCSIN" --baseline "$TMP/base.json" . &&
		expect_status 0 && expect_err "0 findings")
}

t_double_fetch_other_way_listed() {
	# two commands of one ioctl each read the same location twice: the
	# finding is about the first pair and lists the other command's
	run "$TOCSIN" -r double-fetch "$FIXTURES/double-fetch/user-two-commands-reread.c"
	expect_status 1 &&
		expect_out "way: another way to it, on an arm the reads above never run with: read 1 of 2: \*u \[in refs_export\]" &&
		expect_out "read 2 of 2: \*u->refs \[in refs_export\]"
}

t_check_names_writers_of_the_tested_bit() {
	# a flags word whose writers change two numbered bits: the finding on
	# the test of one names that bit's writers, not the other's
	d="$TMP/bits"
	mkdir -p "$d"
	cat >"$d/ctl.c" <<'C'
#define CTL_MASKED 1
#define CTL_QUERY 2

struct ctl {
	spinlock_t lock;
	unsigned long flags;
};

void ctl_mask(struct ctl *c)
{
	spin_lock(&c->lock);
	if (!test_bit(CTL_MASKED, &c->flags))
		set_bit(CTL_MASKED, &c->flags);
	spin_unlock(&c->lock);
}

void ctl_query_on(struct ctl *c)
{
	spin_lock(&c->lock);
	if (!test_bit(CTL_QUERY, &c->flags))
		set_bit(CTL_QUERY, &c->flags);
	spin_unlock(&c->lock);
}

void ctl_query_off(struct ctl *c)
{
	spin_lock(&c->lock);
	if (test_bit(CTL_QUERY, &c->flags))
		clear_bit(CTL_QUERY, &c->flags);
	spin_unlock(&c->lock);
}

void ctl_poll(struct ctl *c)
{
	if (test_bit(CTL_QUERY, &c->flags))
		ctl_run_query(c);
}
C
	run "$TOCSIN" --no-cache --all -r check-then-act "$d/ctl.c"
	expect_status 1 &&
		expect_out "writer: writes c->flags .*\[in ctl_query_on\]" &&
		expect_out "writer: writes c->flags .*\[in ctl_query_off\]" &&
		! printf '%s' "$out" | grep -q "writer: .*\[in ctl_mask\]" ||
		fail "the writer of the other bit is named: $out"
}

t_frontend_names_the_backend() {
	# a frontend driver reads rings its backend writes: the trigger is the
	# backend there, and stays the frontend in a file that registers none
	d="$TMP/front"
	mkdir -p "$d"
	cp "$FIXTURES/double-fetch/xen-flex-ring-header-then-packet.c" "$d/plain.c"
	cp "$d/plain.c" "$d/front.c"
	cat >>"$d/front.c" <<'C'

static struct xenbus_driver front_driver = { .probe = front_probe };

static int __init front_init(void)
{
	return xenbus_register_frontend(&front_driver);
}
C
	run "$TOCSIN" --no-cache --profile xen --format json -r double-fetch "$d/front.c"
	expect_status 1 && expect_out '"trigger": "the backend (another domain)"' || return 1
	run "$TOCSIN" --no-cache --profile xen --format json -r double-fetch "$d/plain.c"
	expect_status 1 && expect_out '"trigger": "the frontend (guest)"'
}

t_test_code_hidden_unless_scanned() {
	# a double fetch in a tree's test module is kept but not shown by
	# default; --all shows it with the reason, and a scan of the tests
	# themselves shows it
	mkdir -p "$TMP/tree/drivers" "$TMP/tree/lib"
	cp "$FIXTURES/double-fetch/user-get-user-twice.c" "$TMP/tree/drivers/ioctl.c"
	cp "$FIXTURES/double-fetch/user-get-user-twice.c" "$TMP/tree/lib/ioctl_kunit.c"
	cp "$FIXTURES/double-fetch/user-get-user-twice.c" "$TMP/tree/lib/ioctltorture.c"
	run "$TOCSIN" --no-cache -r double-fetch "$TMP/tree"
	expect_status 1 && expect_out "drivers/ioctl.c" || return 1
	printf '%s\n' "$out" | grep -q "ioctl_kunit" && { fail "test code shown by default"; return 1; }
	printf '%s\n' "$out" | grep -q "ioctltorture" && { fail "torture test shown by default"; return 1; }
	run "$TOCSIN" --no-cache --all -r double-fetch "$TMP/tree"
	expect_out "lib/ioctl_kunit.c" && expect_out "in test code" || return 1
	run "$TOCSIN" --no-cache -r double-fetch "$TMP/tree/lib/ioctl_kunit.c"
	expect_status 1 && expect_out "ioctl_kunit.c"
}

t_hidden_reasons_add_up() {
	# the summary's counts by reason are each reason's own, and with the
	# rest they add up to the possible findings hidden (more reasons than
	# it lists: the fixtures of two rules)
	run "$TOCSIN" --no-cache "$FIXTURES/unmarked-race" "$FIXTURES/check-then-act"
	line=$(printf '%s\n' "$err" | grep "only possible, hidden")
	[ -n "$line" ] || { fail "no hidden summary"; return 1; }
	printf '%s\n' "$line" | grep -q "for other reasons" || { fail "no other reasons: $line"; return 1; }
	total=$(printf '%s\n' "$line" | sed 's/.*; \([0-9]*\) only possible.*/\1/')
	sum=$(printf '%s\n' "$line" | sed 's/.*(--all)://' | tr ';' '\n' | awk '{ s += $1 } END { print s }')
	[ "$total" = "$sum" ] || fail "reasons add up to $sum, not $total"
}

t_unbuilt_needs_the_whole_tree() {
	# a switch nothing in the scanned part defines may be defined in the
	# rest of the tree: "not built" is said only of a known tree read
	# whole; and a comment inside an #if does not end its condition
	lt="$FIXTURES/unmarked-race/linux-tree"
	mkdir -p "$TMP/t/sub" "$TMP/t/inc"
	cp "$lt/lib/debug-switch-never-defined.c" "$TMP/t/sub/q.c"
	printf '#define QRING_DUMP_ENTRIES 1\n' >"$TMP/t/inc/c.h"
	run "$TOCSIN" --no-cache --all --context none "$TMP/t/sub"
	expect_status 1 || return 1
	printf '%s\n' "$out" | grep -q "nothing in the tree defines" &&
		{ fail "a part of an unknown tree was taken for the whole: $out"; return 1; }
	cp -r "$lt" "$TMP/lt"
	sed -i 's|^#ifdef QRING_DUMP_ENTRIES$|#if defined(QRING_DUMP_ENTRIES) /* dump */ \|\| defined(QRING_ON)|' \
		"$TMP/lt/lib/debug-switch-never-defined.c"
	printf '#define QRING_ON 1\n' >>"$TMP/lt/include/linux/kernel.h"
	run "$TOCSIN" --no-cache --all "$TMP/lt"
	expect_status 1 || return 1
	printf '%s\n' "$out" | grep -q "QRING_DUMP_ENTRIES" &&
		{ fail "the #if's test after a comment was not read: $out"; return 1; }
	printf '%s\n' "$out" | grep -q "QRING_SELF_CHECK" ||
		{ fail "no not-built doubt at all: $out"; return 1; }
}
