# A scan of part of a known tree reads the rest for context (--context):
# the declarations of what the part names, never findings there.  The
# tree is tests/cli/context-tree, a small Linux-shaped tree: a header in
# include/linux/ declares a struct with an array member, drivers/gadget/
# uses it, lib/ holds the writers of a field drivers/gadget/ checks.

# A copy outside any git work tree: files are named from the tree's root.
context_tree() {
	mkdir -p "$TMP/linux"
	cp -R "$TOP/tests/cli/context-tree/." "$TMP/linux/"
}

# each finding of a JSON report (stdin) as one line; $1: only under this dir
context_findings() {
	$PY -c '
import json, sys
d = sys.argv[1] if len(sys.argv) > 1 else ""
for f in json.load(sys.stdin)["findings"]:
    if f["file"].startswith(d):
        print(json.dumps(f, sort_keys=True))' "$@"
}

# By default (--context tree) the part's findings are the whole tree's
# restricted to it: the check-then-act whose writers are in lib/, and no
# race on the array member.
t_context_tree_equals_whole_tree_restricted() {
	context_tree
	export GIT_CEILING_DIRECTORIES=$TMP
	"$TOCSIN" -q --no-cache --all --format json "$TMP/linux" | context_findings drivers/gadget/ \
		>"$TMP/whole.txt"
	(cd "$TMP/linux/drivers/gadget" &&
		"$TOCSIN" --no-cache --all --format json . 2>"$TMP/stderr") |
		context_findings >"$TMP/part.txt"
	grep -q '"check-then-act"' "$TMP/whole.txt" ||
		{ fail "the whole tree has no check-then-act in drivers/gadget: $(cat "$TMP/whole.txt")"; return 1; }
	cmp -s "$TMP/whole.txt" "$TMP/part.txt" ||
		{ fail "drivers/gadget differs from the whole tree's: $(diff "$TMP/whole.txt" "$TMP/part.txt")"; return 1; }
	grep -q "5 of them read for their declarations only (--context tree)" "$TMP/stderr" ||
		fail "the summary does not count the context files: $(cat "$TMP/stderr")"
}

# --context headers reads the headers the part includes: the array member
# is known, so its memset() is no load racing with the atomic bit writer;
# the writers in lib/ are not read.  Three headers: <linux/gadget.h> and
# the <linux/kernel.h> it includes, found by their path's end, and
# "../gadget_bus.h" next to core.c -- not lib/legacy/gadget_bus.h, which
# has the same name.
t_context_headers_know_the_array_member() {
	context_tree
	export GIT_CEILING_DIRECTORIES=$TMP
	run "$TOCSIN" --no-cache --all --context headers --format json "$TMP/linux/drivers/gadget"
	expect_status 0 && expect_err "3 of them read for their declarations only (--context headers)" ||
		return 1
	[ -z "$(printf '%s' "$out" | context_findings)" ] ||
		{ fail "findings with the headers read: $out"; return 1; }
	# what the part alone says: the member's type unknown, a false race
	run "$TOCSIN" --no-cache --all --context none --format json "$TMP/linux/drivers/gadget"
	expect_status 1 || return 1
	printf '%s' "$out" | context_findings | grep -q '"unmarked-race".*"line": 7,' ||
		{ fail "without context, no race on g->pending: $out"; return 1; }
	printf '%s' "$err" | grep -q "declarations only" && { fail "--context none read context: $err"; return 1; }
	true
}

# A context file's parse is cached like a scanned one's, and a warm
# report is the cold one.
t_context_is_cached() {
	context_tree
	export GIT_CEILING_DIRECTORIES=$TMP
	"$TOCSIN" --all --format json "$TMP/linux/drivers/gadget" >"$TMP/cold.json" 2>"$TMP/cold.err"
	run "$TOCSIN" --all --format json -o "$TMP/warm.json" \
		"$TMP/linux/drivers/gadget"
	expect_err "6 of 6 files unchanged since the cache saw them" || return 1
	cmp -s "$TMP/warm.json" "$TMP/cold.json" || fail "the warm report differs from the cold"
}

t_context_bad_mode() {
	run "$TOCSIN" --context everything "$TOP/tests/cli/context-tree/drivers/gadget"
	expect_status 2 && one_line_err && expect_err "--context: 'everything' is not one of"
}

# Outside a tree tocsin knows there is nothing to read around the part.
t_context_outside_a_known_tree() {
	mkdir -p "$TMP/plain"
	cp "$TOP/tests/cli/context-tree/drivers/gadget/core.c" "$TMP/plain/"
	run env GIT_CEILING_DIRECTORIES="$TMP" "$TOCSIN" --no-cache --all "$TMP/plain"
	expect_status 1 && expect_out "core.c:7:9: warning: plain read of g->pending" || return 1
	printf '%s' "$err" | grep -q "declarations only" && { fail "context read outside a tree: $err"; return 1; }
	true
}

# An operand the scan cannot take is named as the user spelled it, in a
# known tree as anywhere else.
t_context_bad_operand_spelled_as_given() {
	context_tree
	(cd "$TMP/linux" && run "$TOCSIN" --no-cache Kbuild &&
		expect_status 2 && one_line_err_after_tree && expect_err "error: Kbuild: not C source" &&
		run "$TOCSIN" --no-cache drivers/nosuch &&
		expect_status 2 && expect_err "error: drivers/nosuch: No such file")
}

# the tree's line, then the error alone
one_line_err_after_tree() {
	[ "$(printf '%s\n' "$err" | grep -vc '^tocsin: Linux tree')" = 1 ] ||
		fail "expected one error line, got: $err"
}
