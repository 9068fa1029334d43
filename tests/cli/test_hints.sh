# Fix hints (--fix-hints diff): where they are offered, what they change,
# and that they apply.  tests/run-hints.sh applies every hint on every
# fixture and compiles the result; these look at particular shapes.

# The diffs of a run, one file each: $TMP/hint.1.diff, ...; sets $nhints.
split_hints() {
	sed -n '/^--- a\//,$p' "$1" | grep -v ': note: \|: warning: \|^tocsin: ' |
		awk -v dir="$TMP" '/^--- a\// { n++ } { print > (dir "/hint." n ".diff") }'
	nhints=$(ls "$TMP"/hint.*.diff 2>/dev/null | wc -l)
}

# A git work tree holding fixture $1 as $2.
repo_with() {
	mkdir -p "$TMP/repo"
	cp "$FIXTURES/$1" "$TMP/repo/$2"
	(cd "$TMP/repo" && git init -q && git add . &&
		git -c user.name=t -c user.email=t@t commit -qm base)
}

t_hint_braces_an_unbraced_body() {
	repo_with stale-snapshot/hint-unbraced-body.c ring.c
	(cd "$TMP/repo" && "$TOCSIN" -q --fix-hints diff ring.c >"$TMP/out.txt" 2>/dev/null)
	split_hints "$TMP/out.txt"
	[ "$nhints" = 3 ] || { fail "expected 3 hints, got $nhints: $(cat "$TMP/out.txt")"; return 1; }
	grep -q '^+	if (READ_ONCE(r->gen) == gen) {$' "$TMP/hint.1.diff" &&
		grep -q '^+		head = READ_ONCE(r->head);$' "$TMP/hint.1.diff" &&
		grep -q '^+	}$' "$TMP/hint.1.diff" || { fail "no braces: $(cat "$TMP/hint.1.diff")"; return 1; }
	# the body on the if's own line is split onto lines of its own
	grep -q '^+		copy_from_base(dst, head, len); /\* expect-site: use \*/$' "$TMP/hint.2.diff" ||
		{ fail "one-line body: $(cat "$TMP/hint.2.diff")"; return 1; }
	grep -q '^+	else {$' "$TMP/hint.3.diff" || { fail "else body: $(cat "$TMP/hint.3.diff")"; return 1; }
	for i in 1 2 3; do
		(cd "$TMP/repo" && git apply --check "$TMP/hint.$i.diff" &&
			patch -p1 --dry-run -s <"$TMP/hint.$i.diff") ||
			{ fail "hint $i does not apply: $(cat "$TMP/hint.$i.diff")"; return 1; }
	done
}

t_hint_keeps_every_declarator() {
	repo_with stale-snapshot/hint-several-declarators.c win.c
	decl=$(grep 'unsigned long pad = 0, base = w->base, off = 16;' "$TMP/repo/win.c")
	(cd "$TMP/repo" && "$TOCSIN" -q --fix-hints diff win.c >"$TMP/out.txt" 2>/dev/null)
	split_hints "$TMP/out.txt"
	[ "$nhints" = 1 ] || { fail "expected 1 hint, got $nhints"; return 1; }
	if grep "^-" "$TMP/hint.1.diff" | grep -vq "^---"; then
		fail "a line is removed: $(cat "$TMP/hint.1.diff")"
		return 1
	fi
	(cd "$TMP/repo" && git apply "$TMP/hint.1.diff") || { fail "does not apply"; return 1; }
	[ "$(grep 'unsigned long pad = 0, base = w->base, off = 16;' "$TMP/repo/win.c")" = "$decl" ] ||
		{ fail "the declaration changed: $(cat "$TMP/repo/win.c")"; return 1; }
	grep -q '^		base = READ_ONCE(w->base);$' "$TMP/repo/win.c" || { fail "no re-read"; return 1; }
}

# A finding where no mechanical fix is safe keeps its prose fix and gets no diff.
t_hint_none_where_unsafe() {
	# the copy is tested (cpu != me, cpu_online) before the check: a fresh
	# value read after it would skip those tests
	run "$TOCSIN" -q --fix-hints diff "$FIXTURES/stale-snapshot/kick-before-fix.c"
	expect_out 'stale-snapshot' || return 1
	expect_out 'note: fix: read v->cpu' || return 1
	if printf '%s' "$out" | grep -q '^--- a/'; then fail "a diff for a tested copy: $out"; return 1; fi
	# a const local cannot be assigned again
	run "$TOCSIN" -q --fix-hints diff "$FIXTURES/stale-snapshot/iterator-in-shared-object.c"
	expect_out 'stale-snapshot' || return 1
	if printf '%s' "$out" | grep -q '^--- a/'; then fail "a diff for a const local: $out"; return 1; fi
	# used in both branches after the check: a re-read before one leaves the other stale
	run "$TOCSIN" -q --fix-hints diff "$FIXTURES/stale-snapshot/hint-use-in-two-branches.c"
	expect_out 'stale-snapshot' || return 1
	if printf '%s' "$out" | grep -q '^--- a/'; then fail "a diff that leaves a stale use: $out"; return 1; fi
	# a field stepped with ++, an argument of an ALL-CAPS macro
	run "$TOCSIN" -q --all --fix-hints diff "$FIXTURES/unmarked-race/hint-unmarkable.c"
	[ "$(printf '%s\n' "$out" | grep -c 'warning: .*unmarked-race')" = 2 ] ||
		{ fail "expected 2 findings: $out"; return 1; }
	if printf '%s' "$out" | grep -q '^--- a/'; then fail "a diff for an unmarkable access: $out"; return 1; fi
}

t_hint_marks_every_access_in_hunks() {
	repo_with unmarked-race/hint-read-and-store.c link.c
	(cd "$TMP/repo" && "$TOCSIN" -q --fix-hints diff link.c >"$TMP/out.txt" 2>/dev/null)
	split_hints "$TMP/out.txt"
	[ "$nhints" = 2 ] || { fail "expected 2 hints, got $nhints: $(cat "$TMP/out.txt")"; return 1; }
	f=$(grep -l 'WRITE_ONCE' "$TMP"/hint.*.diff)
	[ -n "$f" ] || { fail "no WRITE_ONCE: $(cat "$TMP/out.txt")"; return 1; }
	# three accesses twenty lines apart: three hunks, numbered as diff(1) numbers them
	[ "$(grep '^@@' "$f" | tr '\n' ' ')" = "@@ -21,7 +21,7 @@ @@ -31,7 +31,7 @@ @@ -39,7 +39,7 @@ " ] ||
		{ fail "hunks: $(cat "$f")"; return 1; }
	grep -q '^+	WRITE_ONCE(l->state, 2);$' "$f" || { fail "store: $(cat "$f")"; return 1; }
	grep -q '^+	return (int)READ_ONCE(l->state);$' "$f" || { fail "read: $(cat "$f")"; return 1; }
	# two accesses on neighbouring lines: one hunk
	g=$(grep -L 'WRITE_ONCE' "$TMP"/hint.*.diff)
	[ "$(grep -c '^@@' "$g")" = 1 ] || { fail "one hunk expected: $(cat "$g")"; return 1; }
	for d in "$f" "$g"; do
		(cd "$TMP/repo" && patch -p1 --dry-run -s <"$d" && git apply "$d") ||
			{ fail "does not apply: $(cat "$d")"; return 1; }
	done
	run "$TOCSIN" -q --all "$TMP/repo/link.c"
	expect_status 0 || fail "still reported after both hints: $out"
}
