# Which files are scanned, what is skipped and counted, and that the
# scanned tree is never written to.

t_directory_scan_finds_c_and_h_only() {
	mkdir -p "$TMP/tree/sub"
	printf 'int f(void) { return 0; }\n' >"$TMP/tree/a.c"
	printf 'static inline int g(void) { return 1; }\n' >"$TMP/tree/sub/b.h"
	printf 'not C at all\n' >"$TMP/tree/notes.txt"
	run "$TOCSIN" "$TMP/tree"
	expect_status 0 && expect_err "2 files scanned" && expect_err "2 functions"
}

t_exclude_glob() {
	mkdir -p "$TMP/tree/drivers" "$TMP/tree/kvm"
	printf 'int f(void) { return 0; }\n' >"$TMP/tree/drivers/a.c"
	printf 'int g(void) { return 0; }\n' >"$TMP/tree/kvm/b.c"
	run "$TOCSIN" --exclude 'drivers/*' "$TMP/tree"
	expect_status 0 && expect_err "1 files scanned" && expect_err "1 excluded"
}

t_binary_and_big_files_skipped_and_counted() {
	mkdir -p "$TMP/tree"
	printf 'int f(void) { return 0; }\n' >"$TMP/tree/ok.c"
	printf '\177ELF\000\000\001\002' >"$TMP/tree/blob.c"
	head -c 5000 /dev/zero | tr '\0' 'x' >"$TMP/tree/big.c"
	run "$TOCSIN" --max-file-size 4K "$TMP/tree"
	expect_status 0 && expect_err "1 files scanned" && expect_err "1 binary" &&
		expect_err "1 over the size limit"
}

t_symlinks_not_followed_out_of_the_tree() {
	mkdir -p "$TMP/outside" "$TMP/tree/sub"
	printf 'int secret(void) { return 0; }\n' >"$TMP/outside/o.c"
	printf 'int f(void) { return 0; }\n' >"$TMP/tree/a.c"
	ln -s "$TMP/outside/o.c" "$TMP/tree/escape.c"
	ln -s "$TMP/tree/a.c" "$TMP/tree/inside.c"
	ln -s "$TMP/tree" "$TMP/tree/sub/loop"
	run "$TOCSIN" "$TMP/tree"
	expect_status 0 && expect_err "2 files scanned" && expect_err "1 symlink out of the tree" &&
		expect_err "1 symlink to a directory"
}

t_never_writes_into_the_tree() {
	cp -r "$FIXTURES/double-fetch" "$TMP/tree"
	before=$(cd "$TMP/tree" && find . -printf '%p %s %T@\n' | sort)
	run "$TOCSIN" -q --format sarif "$TMP/tree"
	after=$(cd "$TMP/tree" && find . -printf '%p %s %T@\n' | sort)
	[ "$before" = "$after" ] || fail "the scanned tree changed"
}

t_summary_counts_functions() {
	run "$TOCSIN" "$FIXTURES/double-fetch/guest-caller-callee.c"
	expect_err "1 files scanned" && expect_err "2 functions: 2 analysed fully, 0 partially"
}

t_partial_functions_counted() {
	printf 'int ok(void) { return 1; }\nint bad(int a) { if (a) { x = ; } return a ) ; }\n' >"$TMP/p.c"
	run "$TOCSIN" "$TMP/p.c"
	expect_status 0 && expect_err "2 functions: 1 analysed fully, 1 partially"
}

# Xen's macros that take a type (xzalloc(struct foo), typeof(x)) and its
# log levels pasted onto a prefix macro and a string parse, with the tree's
# profile (type-arg, type-call, string-macro)
t_xen_tree_parses_whole() {
	run "$TOCSIN" --no-cache "$FIXTURES/double-fetch/xen-tree"
	expect_err "profiles xen-hv" && expect_err "analysed fully, 0 partially"
}

t_parse_only() {
	run "$TOCSIN" --parse-only "$FIXTURES/double-fetch"
	expect_status 0 && expect_err "files scanned" && [ -z "$out" ] || fail "parse-only printed findings"
}

t_dump_ir_function() {
	run "$TOCSIN" --dump-ir "$FIXTURES/double-fetch/guest-caller-callee.c:prepare_save"
	expect_status 0 && expect_out "^func prepare_save " &&
		expect_out "read v->rip plain" && expect_out "param 1 v : struct vmcb_like \*"
}

t_dump_ir_unknown_function() {
	run "$TOCSIN" --dump-ir "$FIXTURES/double-fetch/guest-caller-callee.c:nope"
	expect_status 2 && one_line_err && expect_err "no function nope"
}

t_deterministic_across_jobs() {
	"$TOCSIN" -q -j1 --format json "$FIXTURES" >"$TMP/j1.json" 2>/dev/null
	"$TOCSIN" -q -j8 --format json "$FIXTURES" >"$TMP/j8.json" 2>/dev/null
	"$TOCSIN" -q -j8 --format json "$FIXTURES" >"$TMP/j8b.json" 2>/dev/null
	cmp -s "$TMP/j1.json" "$TMP/j8.json" || { fail "-j1 and -j8 reports differ"; return 1; }
	cmp -s "$TMP/j8.json" "$TMP/j8b.json" || { fail "two -j8 runs differ"; return 1; }
	grep -q '"rule"' "$TMP/j1.json" || fail "no findings to compare"
}
