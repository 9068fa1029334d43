# The incremental cache: a warm scan says what a cold one says, parses
# only what changed, rebuilds what is damaged, and never writes into the
# scanned tree.

# A report without its timing, which is the one thing allowed to differ.
report_of() {
	"$TOCSIN" -q --show-acknowledged --format json "$@" | grep -v '"wall_seconds"'
}

parsed_count() {	# from the summary on stderr: "N of M files unchanged ..., K parsed"
	printf '%s' "$err" | sed -n 's/.* files unchanged since the cache saw them, \([0-9]*\) parsed/\1/p'
}

t_cache_warm_scan_equals_cold() {
	cp -r "$FIXTURES" "$TMP/tree"
	report_of --no-cache "$TMP/tree" >"$TMP/uncached.json"
	run "$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree"
	[ "$(parsed_count)" -gt 30 ] || { fail "cold scan: $err"; return 1; }
	report_of --cache-dir "$TMP/c" "$TMP/tree" >"$TMP/warm.json"
	run "$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree"
	[ "$(parsed_count)" = 0 ] || { fail "warm scan parsed files again: $err"; return 1; }
	cmp -s "$TMP/uncached.json" "$TMP/warm.json" ||
		{ fail "warm report differs: $(diff "$TMP/uncached.json" "$TMP/warm.json" | head -20)"; return 1; }
	[ "$("$TOCSIN" --no-cache "$TMP/tree" 2>/dev/null)" = \
	  "$("$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree" 2>/dev/null)" ] ||
		fail "warm text report differs"
}

t_cache_reparses_only_the_changed_file() {
	cp -r "$FIXTURES" "$TMP/tree"
	report_of --cache-dir "$TMP/c" "$TMP/tree" >"$TMP/before.json"
	f="$TMP/tree/double-fetch/guest-two-reads.c"
	grep -q 'kmalloc(cb->len' "$f" || { fail "fixture $f changed"; return 1; }
	# the second fetch goes away, and with it a finding
	sed -i 's/kmalloc(cb->len/kmalloc(64/' "$f"
	run "$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree"
	[ "$(parsed_count)" = 1 ] || { fail "expected one file parsed: $err"; return 1; }
	report_of --cache-dir "$TMP/c" "$TMP/tree" >"$TMP/warm.json"
	report_of --no-cache "$TMP/tree" >"$TMP/cold.json"
	cmp -s "$TMP/cold.json" "$TMP/warm.json" ||
		{ fail "after a change the warm report differs: $(diff "$TMP/cold.json" "$TMP/warm.json" | head)"; return 1; }
	grep -q guest-two-reads "$TMP/before.json" && ! grep -q guest-two-reads "$TMP/warm.json" ||
		fail "the finding in the changed file did not go away"
}

t_cache_damaged_entries_are_rebuilt() {
	cp -r "$FIXTURES/double-fetch" "$TMP/tree"
	report_of --no-cache "$TMP/tree" >"$TMP/cold.json"
	"$TOCSIN" -q --cache-dir "$TMP/c" "$TMP/tree" >/dev/null
	n=0
	for e in $(find "$TMP/c" -type f | sort); do
		case $((n % 3)) in
		0) printf 'garbage' >"$e" ;;
		1) truncate -s 100 "$e" ;;
		2) printf '\377' | dd of="$e" bs=1 seek=200 conv=notrunc 2>/dev/null ;;
		esac
		n=$((n + 1))
	done
	[ "$n" -gt 3 ] || { fail "only $n cache entries"; return 1; }
	run "$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree"
	[ "$(parsed_count)" = "$n" ] || { fail "$n damaged entries, but: $err"; return 1; }
	report_of --cache-dir "$TMP/c" "$TMP/tree" >"$TMP/warm.json"
	cmp -s "$TMP/cold.json" "$TMP/warm.json" || { fail "report from a damaged cache differs"; return 1; }
	run "$TOCSIN" --cache-dir "$TMP/c" "$TMP/tree"
	[ "$(parsed_count)" = 0 ] || fail "the damaged entries were not rewritten: $err"
}

t_cache_never_inside_the_scanned_tree() {
	cp -r "$FIXTURES/double-fetch" "$TMP/tree"
	run "$TOCSIN" --cache-dir "$TMP/tree/.cache" "$TMP/tree"
	expect_status 2 && expect_err "inside the scanned tree" && one_line_err || return 1
	[ ! -e "$TMP/tree/.cache" ] || { fail "created the cache in the tree"; return 1; }
	# the default directory inside the tree: scanned uncached, with a warning
	XDG_CACHE_HOME="$TMP/tree/xdg" run "$TOCSIN" "$TMP/tree"
	expect_status 1 && expect_err "inside the scanned tree" || return 1
	[ ! -e "$TMP/tree/xdg" ] || fail "created the default cache in the tree"
}

t_cache_dir_unusable() {
	: >"$TMP/file"
	run "$TOCSIN" --cache-dir "$TMP/file" "$FIXTURES/double-fetch"
	expect_status 2 && expect_err "cache-dir $TMP/file" && one_line_err || return 1
	# no usable default: a warning, and the scan still runs
	env -u XDG_CACHE_HOME HOME= "$TOCSIN" -q "$FIXTURES/double-fetch" >/dev/null 2>"$TMP/err"
	[ $? = 1 ] || { fail "exit $? without a cache home"; return 1; }
	grep -q "no cache" "$TMP/err" || fail "no warning without a cache home: $(cat "$TMP/err")"
}

t_cache_not_used_when_told() {
	"$TOCSIN" -q --no-cache --cache-dir "$TMP/c" "$FIXTURES/double-fetch" >/dev/null
	[ ! -e "$TMP/c" ] || { fail "--no-cache wrote $TMP/c"; return 1; }
	"$TOCSIN" -q --parse-only --cache-dir "$TMP/c" "$FIXTURES/double-fetch" >/dev/null
	[ ! -e "$TMP/c" ] || fail "--parse-only wrote the cache: it measures the parser"
}
