# Exit status, errors, listing, formats.

t_no_findings_exits_0() {
	run "$TOCSIN" -q "$FIXTURES/double-fetch/not-shared.c"
	expect_status 0
}

t_findings_exit_1() {
	run "$TOCSIN" -q "$FIXTURES/double-fetch/guest-two-reads.c"
	expect_status 1 && expect_out "warning: .* \[double-fetch\]" &&
		expect_out "note: fetch: read 1 of 2"
}

t_demo_shows_every_seed() {
	# scanned together, the examples must not blur each other's objects:
	# each seed's finding is shown by default, as make demo shows them
	run "$TOCSIN" -q "$PWD/examples"
	expect_status 1 &&
		expect_out "000-system-suspend/suspend.c:[0-9]*:[0-9]*: warning: .*\[check-then-act\]" &&
		expect_out "001-nested-vmrun/vmrun.c:[0-9]*:[0-9]*: warning: .*\[double-fetch\]" &&
		expect_out "002-sse-resume/sse.c:[0-9]*:[0-9]*: warning: .*\[trust-boundary\]" &&
		expect_out "003-vcpu-kick/kick.c:[0-9]*:[0-9]*: warning: .*\[stale-snapshot\]"
}

t_gcc_style_lines() {
	run "$TOCSIN" -q "$FIXTURES/double-fetch/guest-two-reads.c"
	# every line is FILE:LINE:COL: warning|note: ...
	printf '%s\n' "$out" | grep -v -E '^[^:]+:[0-9]+:[0-9]+: (warning|note): ' | grep -q . &&
		{ fail "a line not in GCC diagnostic form: $out"; return 1; }
	return 0
}

t_bad_option() {
	run "$TOCSIN" --frobnicate x.c
	expect_status 2 && one_line_err && expect_err "unknown option '--frobnicate'"
}

t_missing_argument() {
	run "$TOCSIN" -j
	expect_status 2 && one_line_err && expect_err "needs an argument"
}

t_bad_number() {
	run "$TOCSIN" -j zero x.c
	expect_status 2 && one_line_err && expect_err "-j: 'zero' is not a number"
}

t_missing_path() {
	run "$TOCSIN" "$TMP/does-not-exist.c"
	expect_status 2 && one_line_err && expect_err "does-not-exist.c: No such file or directory"
}

t_no_path() {
	run "$TOCSIN"
	expect_status 2 && one_line_err && expect_err "no PATH to scan"
}

t_bad_format() {
	run "$TOCSIN" --format xml x.c
	expect_status 2 && one_line_err && expect_err "--format: 'xml'"
}

t_unknown_rule() {
	run "$TOCSIN" -r double-fetch,nope "$FIXTURES/double-fetch/not-shared.c"
	expect_status 2 && one_line_err && expect_err "no rule 'nope'"
}

# A CI job whose rule variable is unset must not pass by checking nothing.
t_empty_rule_list() {
	run "$TOCSIN" -r '' "$FIXTURES/double-fetch/guest-two-reads.c"
	expect_status 2 && one_line_err && expect_err "the list names no rule" || return 1
	run "$TOCSIN" -r ',' "$FIXTURES/double-fetch/guest-two-reads.c"
	expect_status 2 && one_line_err && expect_err "the list names no rule"
}

# A file named on purpose that is not C is a mistake, not 0 functions scanned.
t_explicit_file_not_c() {
	printf 'tocsin finds races\n' >"$TMP/README.md"
	run "$TOCSIN" "$TMP/README.md"
	expect_status 2 && one_line_err && expect_err "README.md: not C source" || return 1
	# in a directory, the same file is passed over as ever
	mkdir -p "$TMP/dir" && cp "$TMP/README.md" "$FIXTURES/double-fetch/not-shared.c" "$TMP/dir/"
	run "$TOCSIN" -q "$TMP/dir"
	expect_status 0
}

t_list_rules() {
	run "$TOCSIN" --list-rules
	expect_status 0 && expect_out "^double-fetch "
}

t_list_profiles() {
	run "$TOCSIN" --list-profiles
	expect_status 0 && expect_out "^kvm " && expect_out "^linux-user " && expect_out "^xen "
}

# A tree laid out like a Xen checkout: its profile, said on stderr, from
# the tree's top or from a directory inside it; --profile still overrides.
t_profile_chosen_by_the_tree() {
	mkdir -p "$TMP/xen/xen/include/xen" "$TMP/xen/xen/common"
	: >"$TMP/xen/xen/include/xen/guest_access.h"
	cp "$FIXTURES/double-fetch/xen-hv-guest-handles.c" "$TMP/xen/xen/common/domctl.c"
	run "$TOCSIN" --format json "$TMP/xen"
	expect_status 1 && expect_err "the Xen hypervisor tree (xen/include/xen/guest_access.h): profiles xen-hv" &&
		expect_out '"rule": "double-fetch"' || return 1
	run "$TOCSIN" "$TMP/xen/xen/common"
	expect_status 1 && expect_err "profiles xen-hv" || return 1
	# a profile of another codebase: no guest handles, no finding
	run "$TOCSIN" --profile kvm "$TMP/xen"
	expect_status 0 || return 1
	if printf '%s' "$err" | grep -q "profiles xen-hv"; then fail "--profile did not override"; return 1; fi
	# outside any known tree: every shipped profile, and nothing said
	run "$TOCSIN" "$FIXTURES/double-fetch/xen-hv-guest-handles.c"
	expect_status 1 || return 1
	if printf '%s' "$err" | grep -q "tree ("; then fail "a tree kind claimed for the fixtures"; return 1; fi
	# an EDK2 tree: its profile, whose annotations make the handler parse
	mkdir -p "$TMP/edk2/MdePkg/Include" "$TMP/edk2/MdeModulePkg"
	: >"$TMP/edk2/MdePkg/Include/Uefi.h"
	: >"$TMP/edk2/MdePkg/MdePkg.dec"
	cp "$FIXTURES/double-fetch/edk2-tree/MdeModulePkg/LockBoxSmm.c" "$TMP/edk2/MdeModulePkg/LockBox.c"
	run "$TOCSIN" --format json "$TMP/edk2"
	expect_status 1 && expect_err "EDK2 tree (MdePkg/Include/Uefi.h): profiles edk2" &&
		expect_err "3 analysed fully, 0 partially" &&
		expect_out '"severity": "critical"' || return 1
	# --dump-ir FILE:FN is in the tree of FILE, and parses as the scan does
	run "$TOCSIN" --dump-ir "$TMP/edk2/MdeModulePkg/LockBox.c:LockBoxHandlerBefore"
	expect_status 0 && expect_out "param 2 CommBuffer : VOID \*" || return 1
	# an OP-TEE tree: optee, whose __noprof is blanked and whose system
	# calls' pointers are the TA's memory
	mkdir -p "$TMP/optee/core/include" "$TMP/optee/core/tee"
	: >"$TMP/optee/core/include/optee_msg.h"
	cp "$FIXTURES/double-fetch/optee-tree/core/tee/tee_svc.c" "$TMP/optee/core/tee/tee_svc.c"
	run "$TOCSIN" --format json "$TMP/optee/core"
	expect_status 1 && expect_err "OP-TEE tree (core/include/optee_msg.h): profiles optee" &&
		expect_err "9 analysed fully, 0 partially" &&
		expect_out '"function": "syscall_digest_final"' || return 1
	# a TF-A tree: tf-a, an SMC handler's x1..x4 are non-secure addresses
	mkdir -p "$TMP/tfa/include/common" "$TMP/tfa/bl31" "$TMP/tfa/plat"
	: >"$TMP/tfa/include/common/runtime_svc.h"
	: >"$TMP/tfa/bl31/bl31_main.c"
	cp "$FIXTURES/double-fetch/tfa-tree/plat/vendor/sip_svc.c" "$TMP/tfa/plat/sip_svc.c"
	run "$TOCSIN" --format json "$TMP/tfa"
	expect_status 1 && expect_err "TF-A tree (include/common/runtime_svc.h): profiles tf-a" &&
		expect_out '"function": "assign_in_place"' || return 1
	run "$TOCSIN" --profile kvm "$TMP/tfa"
	expect_status 0 || return 1
	# a QEMU tree: qemu with xen, the Xen backends' mapped page is the
	# frontend's memory; its tests/ are left out of the whole tree
	mkdir -p "$TMP/qemu/include/qemu" "$TMP/qemu/hw/display" "$TMP/qemu/tests"
	cp "$FIXTURES/double-fetch/qemu-tree/include/qemu/osdep.h" "$TMP/qemu/include/qemu/osdep.h"
	: >"$TMP/qemu/qemu-options.hx"
	cp "$FIXTURES/double-fetch/qemu-tree/hw/display/fb_backend.c" "$TMP/qemu/hw/display/fb.c"
	cp "$FIXTURES/double-fetch/qemu-tree/hw/display/fb_backend.c" "$TMP/qemu/tests/fb-copy.c"
	run "$TOCSIN" --format json "$TMP/qemu"
	expect_status 1 && expect_err "QEMU tree (include/qemu/osdep.h): profiles qemu,xen" &&
		expect_out '"function": "fb_handle_events_twice"' || return 1
	if printf '%s' "$out" | grep -q 'fb-copy.c'; then fail "QEMU's tests/ scanned with the tree"; return 1; fi
}

t_linux_tools_left_out_of_a_whole_tree() {
	mkdir -p "$TMP/lx/include/linux" "$TMP/lx/tools/lib" "$TMP/lx/scripts" "$TMP/lx/drivers"
	: >"$TMP/lx/include/linux/kernel.h"
	: >"$TMP/lx/Kbuild"
	cp "$FIXTURES/unmarked-race/lock-context.c" "$TMP/lx/tools/lib/racy.c"
	cp "$FIXTURES/unmarked-race/lock-context.c" "$TMP/lx/scripts/racy.c"
	cp "$FIXTURES/unmarked-race/lock-context.c" "$TMP/lx/drivers/port.c"
	run "$TOCSIN" --format json "$TMP/lx"
	expect_status 1 && expect_err "Linux tree: left out: tools/ scripts/" &&
		expect_out '"file": "drivers/port.c"' || return 1
	if printf '%s' "$out" | grep -q 'racy.c'; then fail "tools/ or scripts/ scanned with the tree"; return 1; fi
	# named, they are scanned: the user asked for them
	run "$TOCSIN" --format json "$TMP/lx/tools"
	expect_status 1 && expect_out 'racy.c' || return 1
	if printf '%s' "$err" | grep -q "left out"; then fail "left out a directory scanned by name"; return 1; fi
}

t_edk2_build_tools_left_out_of_a_whole_tree() {
	mkdir -p "$TMP/ek/MdePkg/Include" "$TMP/ek/BaseTools/Source/C" "$TMP/ek/MdeModulePkg"
	: >"$TMP/ek/MdePkg/Include/Uefi.h"
	: >"$TMP/ek/MdePkg/MdePkg.dec"
	cp "$FIXTURES/unmarked-race/lock-context.c" "$TMP/ek/BaseTools/Source/C/racy.c"
	cp "$FIXTURES/unmarked-race/lock-context.c" "$TMP/ek/MdeModulePkg/port.c"
	# the fixture takes Linux's locks, which EDK2's profile does not know
	run "$TOCSIN" --profile edk2,linux-kernel --format json "$TMP/ek"
	expect_status 1 && expect_err "EDK2 tree: left out: BaseTools/" &&
		expect_out '"file": "MdeModulePkg/port.c"' || return 1
	if printf '%s' "$out" | grep -q 'racy.c'; then fail "BaseTools/ scanned with the tree"; return 1; fi
}

t_version_and_help() {
	run "$TOCSIN" --version
	expect_status 0 && expect_out "^tocsin [0-9]" || return 1
	# each shipped profile, with a hash of its text
	for p in edk2 kvm linux-kernel linux-user opensbi optee qemu tf-a xen xen-hv; do
		expect_out "^profile $p  *[0-9a-f]\{16\}\$" || return 1
	done
	run "$TOCSIN" --help
	expect_status 0 && expect_out "Exit status: 0 no findings, 1 findings, 2 usage or input error"
}

t_explain_a_rule() {
	run "$TOCSIN" --explain stale-snapshot
	expect_status 0 && expect_out "^stale-snapshot: " && expect_out "READ_ONCE" &&
		expect_out "tocsin: ignore stale-snapshot: REASON" || return 1
	# every line folded for a terminal
	[ "$(printf '%s\n' "$out" | awk 'length > 78' | wc -l)" = 0 ] || fail "a line over 78 columns"
}

t_explain_names_the_trees_marked_access() {
	# a path given: the help speaks the tree's profile, as a scan of it would
	run "$TOCSIN" -q --explain unmarked-race "$FIXTURES/unmarked-race/xen-hv-tree"
	expect_status 0 && expect_out "ACCESS_ONCE" || return 1
	if printf '%s\n' "$out" | grep -q "READ_ONCE"; then fail "Linux's READ_ONCE in Xen's help"; return 1; fi
}

t_intended_race_marker_is_the_trees() {
	# Xen has no data_race(): neither its findings nor its help offer one
	run "$TOCSIN" -q "$FIXTURES/unmarked-race/xen-hv-tree"
	expect_status 1 && expect_out "mark this access (ACCESS_ONCE)" || return 1
	if printf '%s\n' "$out" | grep -q "data_race"; then fail "Linux's data_race() in a Xen finding"; return 1; fi
	run "$TOCSIN" -q --explain unmarked-race "$FIXTURES/unmarked-race/xen-hv-tree"
	expect_status 0 || return 1
	if printf '%s\n' "$out" | grep -q "data_race"; then fail "Linux's data_race() in Xen's help"; return 1; fi
	# Linux's profile declares it: offered in both
	run "$TOCSIN" -q "$FIXTURES/unmarked-race/kcsan-exclusive-writer.c"
	expect_out "or wrap it in data_race() if the race is intended" || return 1
	run "$TOCSIN" -q --explain unmarked-race
	expect_status 0 && expect_out "data_race()"
}

t_ends_is_the_profiles() {
	# a call that ends what it is handed is a profile's word, not a name
	# built into the code: undeclared, req_drop() keeps the bytes read again
	# out of sight; declared with `ends`, the buffer goes nowhere
	cat > "$TMP/ends.c" <<'EOC'
struct req { unsigned int len; unsigned int flags; unsigned char data[64]; };
int req_drop(struct req *r);
long dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct req __user *u = (struct req __user *)arg;
	struct req r;
	unsigned int len;

	if (get_user(len, &u->len))
		return -EFAULT;
	if (len > 64)
		return -EINVAL;
	if (copy_from_user(&r, u, sizeof(r)))
		return -EFAULT;
	return req_drop(&r);
}
EOC
	printf 'profile drops\nends req_drop\n' > "$TMP/drops.profile"
	run "$TOCSIN" -q --no-cache "$TMP/ends.c"
	expect_status 1 && expect_out "go to req_drop(), out of sight" || return 1
	run "$TOCSIN" -q --no-cache --profile-file "$TMP/drops.profile" "$TMP/ends.c"
	expect_status 1 || return 1
	if printf '%s\n' "$out" | grep -q "out of sight"; then fail "req_drop() declared ends, still out of sight"; return 1; fi
}

t_bound_is_the_profiles() {
	# a call that returns a value forced into a range is a profile's word:
	# declared with `bound`, lim(v, n) is the racing value whenever it is
	# the smaller, so what it indexes is the race's reach; undeclared, lim()
	# is a call like any other whose result is its own
	cat > "$TMP/bound.c" <<'EOC'
struct q { unsigned int head; unsigned int nr; unsigned int ring[16]; };
unsigned int lim(unsigned int v, unsigned int hi);
void q_push(struct q *q, unsigned int v)
{
	WRITE_ONCE(q->head, v);
}
unsigned int q_peek(struct q *q)
{
	unsigned int h = lim(q->head, q->nr);

	return q->ring[h];
}
EOC
	printf 'profile limits\nbound lim\n' > "$TMP/limits.profile"
	run "$TOCSIN" -q --no-cache "$TMP/bound.c"
	expect_status 1 || return 1
	if printf '%s\n' "$out" | grep -q "used as an array index"; then fail "lim() undeclared, taken as a bound"; return 1; fi
	run "$TOCSIN" -q --no-cache --profile-file "$TMP/limits.profile" "$TMP/bound.c"
	expect_status 1 && expect_out "used as an array index"
}

t_explain_unknown_rule() {
	run "$TOCSIN" --explain no-such-rule
	expect_status 2 && one_line_err && expect_err "no rule named 'no-such-rule'"
}

t_output_file() {
	run "$TOCSIN" -q --format json -o "$TMP/r.json" "$FIXTURES/double-fetch/guest-two-reads.c"
	expect_status 1 && [ -s "$TMP/r.json" ] || { fail "no report written"; return 1; }
	[ -z "$out" ] || fail "stdout should be empty with -o: $out"
}

t_html_report_to_a_file() {
	run "$TOCSIN" -q --format html -o "$TMP/r.html" "$FIXTURES/double-fetch/guest-two-reads.c"
	expect_status 1 || return 1
	[ -z "$out" ] || fail "stdout should be empty with -o: $out" || return 1
	[ "$(head -c 15 "$TMP/r.html")" = "<!DOCTYPE html>" ] ||
		fail "the report does not start with <!DOCTYPE html>: $(head -c 40 "$TMP/r.html")"
}

t_output_unwritable() {
	run "$TOCSIN" -q -o "$TMP/no/such/dir/r.txt" "$FIXTURES/double-fetch/not-shared.c"
	expect_status 2 && one_line_err && expect_err "No such file or directory"
}

t_json_parses_and_has_the_schema() {
	run "$TOCSIN" -q --format json "$FIXTURES/double-fetch/guest-caller-callee.c"
	expect_status 1 || return 1
	printf '%s' "$out" | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert d["tool"] == "tocsin" and d["version"]
f = d["findings"][0]
for k in ("rule", "severity", "impact", "message", "file", "line", "function", "sites", "fingerprint"):
    assert k in f, k
assert f["rule"] == "double-fetch"
for s in f["sites"]:
    for k in ("file", "line", "function", "role"):
        assert k in s, k
assert {s["role"] for s in f["sites"]} >= {"source", "fetch", "call"}
for k in ("files_scanned", "functions", "functions_partial", "findings"):
    assert k in d["stats"], k
' || fail "JSON report does not parse or lacks keys"
}

t_sarif_validates_against_the_schema() {
	schema=$PWD/build/deps/sarif-multitool-linux/sarif-2.1.0.json
	[ -f "$schema" ] || { fail "SARIF schema missing: run scripts/setup-deps.sh test"; return 1; }
	run "$TOCSIN" -q --format sarif "$FIXTURES/double-fetch"
	expect_status 1 || return 1
	printf '%s' "$out" >"$TMP/r.sarif"
	$PY - "$schema" "$TMP/r.sarif" <<'PYEOF' || { fail "SARIF does not validate"; return 1; }
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    print("sarif:", "/".join(map(str, e.path)), e.message, file=sys.stderr)
assert not errors
run = doc["runs"][0]
assert run["tool"]["driver"]["rules"][0]["id"]
r = run["results"][0]
assert r["relatedLocations"] and r["partialFingerprints"]["tocsin/v1"]
PYEOF
}

t_sarif_fingerprint_stable_when_lines_move() {
	mkdir -p "$TMP/b"
	cp "$FIXTURES/double-fetch/guest-two-reads.c" "$TMP/a.c"
	(printf '\n\n/* moved */\n'; cat "$FIXTURES/double-fetch/guest-two-reads.c") >"$TMP/b/a.c"
	(cd "$TMP" && "$TOCSIN" -q --format sarif a.c >one.sarif; cd b && "$TOCSIN" -q --format sarif a.c >../two.sarif)
	a=$(grep -o '"tocsin/v1": "[0-9a-f]*"' "$TMP/one.sarif")
	b=$(grep -o '"tocsin/v1": "[0-9a-f]*"' "$TMP/two.sarif")
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "fingerprint changed when lines moved: $a vs $b"
}

# `make install` with PREFIX and DESTDIR puts the binary and the man page
# where they belong, and the installed binary runs.
t_make_install() {
	# the build the tests run, not another one
	make -s -C "$TOP" BUILD="$(dirname "$TOCSIN")" DEPS="$TOP/build/deps" \
		-o "$(dirname "$TOCSIN")/tocsin" install \
		DESTDIR="$TMP/stage" PREFIX=/usr >/dev/null 2>"$TMP/make.err" ||
		{ fail "make install: $(cat "$TMP/make.err")"; return 1; }
	[ -x "$TMP/stage/usr/bin/tocsin" ] || { fail "no bin/tocsin"; return 1; }
	[ -f "$TMP/stage/usr/share/man/man1/tocsin.1" ] || { fail "no man page"; return 1; }
	run "$TMP/stage/usr/bin/tocsin" --version
	expect_status 0 && expect_out "^tocsin [0-9]"
}

# The man page names every option --help lists, and renders without warnings.
t_man_page_covers_help() {
	page="$TOP/docs/tocsin.1"
	for opt in $("$TOCSIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		grep -q -- "$esc" "$page" || { fail "man page lacks $opt"; return 1; }
	done
	if command -v groff >/dev/null; then
		warn=$(groff -man -Tutf8 -ww "$page" 2>&1 >/dev/null)
		[ -z "$warn" ] || fail "groff: $warn"
	fi
}
