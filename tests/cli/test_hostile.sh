# Hostile inputs: each is handled with a clear message, without a crash
# or a hang, and what can be analysed still is.

# The double fetch every variant below must still be found.
BUG=$FIXTURES/double-fetch/user-get-user-twice.c

# bounded: a hang fails the test instead of stalling make check
tocsin_t() {
	timeout 120 "$TOCSIN" "$@"
}

not_killed() {
	[ "$status" -lt 124 ] || fail "killed or timed out: status $status (stderr: $err)"
}

# "RULE LINE:COL" of each finding in a JSON report on stdin
findings() {
	$PY -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    print(f["rule"], "%d:%d" % (f["line"], f["column"]))'
}

gen() {	# gen FILE PYTHON-EXPRESSION-OF-THE-TEXT
	$PY -c "import sys; sys.stdout.write($2)" >"$1"
}

t_deep_nested_expressions() {
	gen "$TMP/deep.c" "'int f(int x)\n{\n\treturn ' + '(' * 50000 + 'x' + ')' * 50000 + ';\n}\n'"
	run tocsin_t -j1 "$TMP/deep.c"
	not_killed && expect_status 0 && expect_err "1 partially (1 nesting too deep)"
}

t_deep_nested_blocks() {
	gen "$TMP/deep.c" "'void g(void)\n{\n' + '{' * 50000 + '}' * 50000 + '\n}\n'"
	run tocsin_t -j1 "$TMP/deep.c"
	not_killed && expect_status 0 && expect_err "nesting too deep"
}

t_deep_nested_statements() {
	gen "$TMP/deep.c" "'int h(int x)\n{\n' + 'if (x) while (x) ' * 25000 + 'x--;\n\treturn x;\n}\n'"
	run tocsin_t -j1 "$TMP/deep.c"
	not_killed && expect_status 0 && expect_err "nesting too deep"
}

t_deep_nesting_dumps() {
	gen "$TMP/deep.c" "'int f(int x)\n{\n\treturn ' + '-(' * 50000 + 'x' + ')' * 50000 + ';\n}\n'"
	run tocsin_t --dump-ast "$TMP/deep.c"
	not_killed && expect_status 0 && expect_out "\[depth 50000\]" || return 1
	run tocsin_t --dump-ir "$TMP/deep.c"
	not_killed && expect_status 0 && expect_out "^func f .* partial"
}

# one function too long for exact reaching definitions: counted, not dropped
t_huge_function() {
	gen "$TMP/huge.c" "'struct s { int a, b; };\nint f(struct s *p)\n{\n\tint y = 0;\n' + '\tif (p->a) y += p->b;\n' * 30000 + '\treturn y;\n}\n'"
	run tocsin_t -j1 "$TMP/huge.c"
	not_killed && expect_status 0 && expect_err "1 too large to track"
}

# an initialiser with more values than an op records, and a function with
# more distinct locksets than an op can index: kept as far as they go
t_too_many_sources() {
	gen "$TMP/wide.c" "'int f(int x)\n{\n\tint a[] = { ' + 'x, ' * 70000 + '};\n\treturn a[0];\n}\n'"
	run tocsin_t -j1 "$TMP/wide.c"
	not_killed && expect_status 0 && expect_err "1 too large to track"
}

t_too_many_locksets() {
	gen "$TMP/locks.c" "'struct s { int v; };\nvoid f(struct s *p)\n{\n' + ''.join('\tspin_lock(&p->l%d); p->v = 1; spin_unlock(&p->l%d);\n' % (i, i) for i in range(70000)) + '}\n'"
	run tocsin_t -j1 "$TMP/locks.c"
	not_killed && expect_status 0 && expect_err "1 too large to track"
}

# 50 MB of generated code, each chunk with the same bug in its own function
t_50mb_generated_file() {
	$PY - "$BUG" "$TMP/gen.c" <<'EOF'
import sys
bug = open(sys.argv[1]).read().replace("frob_ioctl", "frob_ioctl_%d")
head, body = bug.split("long frob_ioctl_%d", 1)
with open(sys.argv[2], "w") as out:
    out.write(head)
    n = 0
    while out.tell() < 50 << 20:
        out.write("long frob_ioctl_%d" % n + body.replace("%d", str(n)))
        n += 1
EOF
	copies=$($PY -c "print(open('$TMP/gen.c').read().count('long frob_ioctl_'))")
	run tocsin_t -q "$TMP/gen.c"
	not_killed && expect_status 2 && one_line_err && expect_err "over the size limit" ||
		return 1
	run tocsin_t -q -j2 --max-file-size 64M -r double-fetch --format json "$TMP/gen.c"
	not_killed && expect_status 1 || return 1
	n=$(printf '%s' "$out" | findings | grep -c double-fetch)
	[ "$n" = "$copies" ] || fail "$n double fetches in $copies copies of the bug"
}

t_binary_file() {
	head -c 20000 /dev/urandom >"$TMP/blob.c"
	run "$TOCSIN" -q "$TMP/blob.c"
	expect_status 2 && one_line_err && expect_err "blob.c: skipped: binary content" || return 1
	# found in a walk, it is reported and the rest is analysed
	mkdir "$TMP/tree" && mv "$TMP/blob.c" "$TMP/tree/" && cp "$BUG" "$TMP/tree/"
	run "$TOCSIN" -q "$TMP/tree"
	expect_status 1 && one_line_err && expect_err "blob.c: skipped: binary content" &&
		expect_out "double-fetch"
}

# gcc ignores a stray NUL; so does tocsin, and it finds the bug around it
t_nul_bytes() {
	{ printf '/* \000 */\n'; cat "$BUG"; } >"$TMP/nul.c"
	run "$TOCSIN" -q --format json "$TMP/nul.c"
	expect_status 1 || return 1
	[ "$(printf '%s' "$out" | findings)" = "$("$TOCSIN" -q --format json "$BUG" | findings |
		awk '{ split($2, p, ":"); print $1, p[1] + 1 ":" p[2] }')" ] ||
		fail "findings moved or vanished with a NUL byte"
}

# reports stay valid UTF-8 JSON whatever bytes the path and source hold
t_invalid_utf8() {
	# Latin-1, an overlong NUL, a UTF-16 surrogate: none is UTF-8
	name=$(printf 'caf\351-\300\200-\355\240\200.c')
	{ printf '/* caf\351 \377 */\n'; cat "$BUG"; } >"$TMP/$name"
	# JSON strings replace each bad byte; SARIF URIs percent-encode them
	for want in 'json caf\ufffd-\ufffd\ufffd-\ufffd\ufffd\ufffd.c' \
		    'sarif caf%E9-%C0%80-%ED%A0%80.c'; do
		fmt=${want%% *}
		"$TOCSIN" -q --format "$fmt" "$TMP/$name" >"$TMP/out.$fmt"
		$PY -c "
import json, sys
raw = open(sys.argv[1], 'rb').read()
text = json.dumps(json.loads(raw.decode('utf-8', errors='strict')), ensure_ascii=False)
want = sys.argv[2].encode().decode('unicode_escape')
assert want in text, 'the path is not in the report as ' + want
" "$TMP/out.$fmt" "${want#* }" || { fail "$fmt report is not valid UTF-8 JSON"; return 1; }
	done
}

t_crlf_line_endings() {
	sed 's/$/\r/' "$BUG" >"$TMP/crlf.c"
	run "$TOCSIN" -q --format json "$TMP/crlf.c"
	expect_status 1 || return 1
	[ "$(printf '%s' "$out" | findings)" = "$("$TOCSIN" -q --format json "$BUG" | findings)" ] ||
		fail "CRLF changed the findings: $out"
}

# a line of megabytes (a generated table) before the bug, and one after it
t_megabyte_lines() {
	gen "$TMP/long.c" "'static const int tbl[] = {' + '1, ' * 700000 + '};\n'"
	cat "$BUG" >>"$TMP/long.c"
	gen "$TMP/tail.c" "'/* ' + 'x' * 1500000 + ' */\n'"
	cat "$TMP/tail.c" >>"$TMP/long.c"
	run tocsin_t -q --format json "$TMP/long.c"
	not_killed && expect_status 1 || return 1
	[ "$(printf '%s' "$out" | findings)" = "$("$TOCSIN" -q --format json "$BUG" | findings |
		awk '{ split($2, p, ":"); print $1, p[1] + 1 ":" p[2] }')" ] ||
		fail "a long line moved the findings: $out"
}

# as a user who cannot read it, even when the tests run as root
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		chmod 755 "$TMP"
		# a cache home that user can write, so the one warning is the test's
		mkdir -p "$XDG_CACHE_HOME/nobody" && chmod 711 "$XDG_CACHE_HOME" &&
			chmod 777 "$XDG_CACHE_HOME/nobody"
		XDG_CACHE_HOME=$XDG_CACHE_HOME/nobody \
			setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

t_unreadable_file() {
	printf 'int x;\n' >"$TMP/secret.c"
	chmod 000 "$TMP/secret.c"
	run as_nobody "$TOCSIN" "$TMP/secret.c"
	expect_status 2 && one_line_err && expect_err "secret.c: Permission denied" || return 1
	# in a walk: named, the rest analysed, and the exit status says so
	mkdir "$TMP/tree" && mv "$TMP/secret.c" "$TMP/tree/" && cp "$BUG" "$TMP/tree/"
	chmod 755 "$TMP/tree" && chmod 644 "$TMP/tree/$(basename "$BUG")"
	run as_nobody "$TOCSIN" -q "$TMP/tree"
	expect_status 2 && one_line_err && expect_err "secret.c: skipped: Permission denied" &&
		expect_out "double-fetch"
}

t_unreadable_directory() {
	mkdir -p "$TMP/tree/locked" && cp "$BUG" "$TMP/tree/"
	chmod 000 "$TMP/tree/locked" && chmod 755 "$TMP/tree"
	run as_nobody "$TOCSIN" -q "$TMP/tree"
	expect_status 2 && one_line_err && expect_err "locked: skipped: cannot read directory" &&
		expect_out "double-fetch"
}

t_symlink_loops() {
	mkdir "$TMP/tree" && cp "$BUG" "$TMP/tree/"
	ln -s b.c "$TMP/tree/a.c" && ln -s a.c "$TMP/tree/b.c"
	ln -s .. "$TMP/tree/up" && ln -s . "$TMP/tree/self"
	run tocsin_t -q "$TMP/tree"
	not_killed && expect_status 1 && expect_err "a.c: skipped: symlink loop" &&
		expect_err "b.c: skipped: symlink loop" && expect_out "double-fetch" || return 1
	# a looping operand is an error
	run tocsin_t -q "$TMP/tree/a.c"
	expect_status 2 && one_line_err && expect_err "Too many levels of symbolic links"
}

t_fifo_is_not_read() {
	mkfifo "$TMP/pipe.c"
	run tocsin_t -q "$TMP/pipe.c"
	not_killed && expect_status 2 && one_line_err && expect_err "not a regular file" || return 1
	mkdir "$TMP/tree" && mv "$TMP/pipe.c" "$TMP/tree/"
	run tocsin_t -q "$TMP/tree/"
	not_killed && expect_status 2 && expect_err "pipe.c: skipped: not a regular file"
}

t_directory_as_profile() {
	mkdir "$TMP/prof"
	run "$TOCSIN" --profile-file "$TMP/prof" "$BUG"
	expect_status 2 && one_line_err && expect_err "is a directory, not a profile"
}

t_empty_inputs() {
	: >"$TMP/empty.c"
	run "$TOCSIN" "$TMP/empty.c"
	expect_status 0 && expect_err "1 files scanned" && expect_err "0 findings" || return 1
	mkdir "$TMP/none"
	run "$TOCSIN" "$TMP/none"
	expect_status 2 && one_line_err && expect_err "nothing to scan" || return 1
	: >"$TMP/empty.profile"
	run "$TOCSIN" --profile-file "$TMP/empty.profile" "$BUG"
	expect_status 2 && one_line_err && expect_err "empty.profile: error:" || return 1
	: >"$TMP/empty.json"
	run "$TOCSIN" --baseline "$TMP/empty.json" "$BUG"
	expect_status 2 && one_line_err && expect_err "empty.json"
}

# A parse error that takes in the functions after it is counted, not silent.
t_functions_lost_in_a_parse_error_are_counted() {
	cat >"$TMP/lost.c" <<'C'
int first(void)
{
	return 1;
}

static int second(int x)
{
	if (x) {
		x++;
	} else {
		do {
			x--;
		} UNKNOWN_CLOSE(x) y z;
	}
	return x;
}

int third(void)
{
	return 2;
}

int fourth(void)
{
	return 3;
}
C
	run "$TOCSIN" --no-cache "$TMP/lost.c"
	expect_status 0 && expect_err "2 functions: 1 analysed fully, 1 partially" &&
		expect_err "2 more function bodies lost in parse errors, not analysed" || return 1
	run "$TOCSIN" --no-cache --format json "$TMP/lost.c"
	printf '%s' "$out" | $PY -c '
import json, sys
assert json.load(sys.stdin)["stats"]["function_bodies_lost"] == 2' || fail "JSON stats lack the count"
}
