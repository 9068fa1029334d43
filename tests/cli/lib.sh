# Helpers for the command-line tests: each test is a shell function named
# t_*; run-cli.sh runs them all and counts failures.

TOP=$PWD
TOCSIN=${TOCSIN:-$PWD/build/tocsin}
FIXTURES=$PWD/tests/fixtures
PY=/usr/bin/python3

fail() {
	echo "    $*" >&2
	return 1
}

# run CMD...: sets $out, $err, $status
run() {
	out=$("$@" 2>"$TMP/stderr") && status=0 || status=$?
	err=$(cat "$TMP/stderr")
}

expect_status() {
	[ "$status" = "$1" ] || fail "exit status $status, expected $1 (stderr: $err)"
}

expect_out() {
	printf '%s' "$out" | grep -q -- "$1" || fail "stdout lacks '$1': $out"
}

expect_err() {
	printf '%s' "$err" | grep -q -- "$1" || fail "stderr lacks '$1': $err"
}

one_line_err() {
	[ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] || fail "expected one line on stderr, got: $err"
}
