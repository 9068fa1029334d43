#!/usr/bin/env bash
# How the fix hints fare on a real tree: every hint tocsin offers on a
# directory (e.g. linux-6.12 fs/) is checked with `git apply --check` and
# `patch -p1 --dry-run` on the untouched tree, then all of them are applied
# one after another and tocsin is run again on the patched tree: how many
# findings went, and whether the patched files still parse as well (no
# function newly partial through a parse error).  A kernel directory
# cannot be compiled on its own (no configuration, no generated headers),
# so the parse is what is checked in its place.
#
#   bench/fix-hints.sh DIR [JOBS]      (default 2; TOCSIN=... for another build)
#
# DIR is copied into a fresh git repository under ${TMPDIR:-/tmp}, never
# touched itself.  Prints the figures; keeps the copy and the JSON in the
# printed directory for a look at what was rejected.
set -euo pipefail
src=${1:?usage: bench/fix-hints.sh DIR [JOBS]}
jobs=${2:-2}
top=$(cd "$(dirname "$0")/.." && pwd)
tocsin=${TOCSIN:-$top/build/tocsin}
[ -d "$src" ] || { echo "fix-hints: no such directory: $src" >&2; exit 2; }
[ -x "$tocsin" ] || { echo "fix-hints: no tocsin at $tocsin: build first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tocsin-fix-hints.XXXXXX")
tree=$work/tree
cp -r "$src" "$tree"
(cd "$tree" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm base)
# exit 1 says there were findings
scan() {
	local rc=0
	(cd "$tree" && "$tocsin" -q --no-cache -j"$jobs" --all --show-acknowledged \
		--fix-hints diff --format json .) || rc=$?
	[ "$rc" -le 1 ] || { echo "fix-hints: tocsin failed ($rc)" >&2; exit 2; }
}
start=$(date +%s.%N)
scan >"$work/before.json"
end=$(date +%s.%N)
/usr/bin/python3 - "$work" "$tree" "$start" "$end" <<'PY'
import collections, json, os, subprocess, sys
work, tree, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
before = json.load(open(os.path.join(work, "before.json")))
found = before["findings"]
hinted = [f for f in found if f.get("fix_diff")]
by_rule = collections.Counter(f["rule"] for f in found)
hint_rule = collections.Counter(f["rule"] for f in hinted)
print(f"scan with hints: {t1 - t0:.1f} s wall, {len(found)} findings")
for r in sorted(by_rule):
    print(f"  {r}: {by_rule[r]} findings, {hint_rule.get(r, 0)} with a hint")
checked = {"git apply --check": 0, "patch -p1 --dry-run": 0}
rejected = []
for i, f in enumerate(hinted):
    path = os.path.join(work, f"hint{i}.diff")
    with open(path, "w") as out:
        out.write(f["fix_diff"])
    for name, cmd in (("git apply --check", ["git", "apply", "--check", path]),
                      ("patch -p1 --dry-run", ["patch", "-p1", "--dry-run", "-s", "-i", path])):
        r = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
        if r.returncode == 0:
            checked[name] += 1
        else:
            rejected.append((name, f["file"], f["function"], (r.stdout + r.stderr).strip()))
for name, n in checked.items():
    print(f"{name}: {n} of {len(hinted)} accepted")
for name, file, fn, why in rejected:
    print(f"  rejected by {name}: {file} ({fn}): {why.splitlines()[0] if why else '?'}")
# all of them, one after another: hints of one file may touch the same lines
applied, conflicts = [], 0
for i, f in enumerate(hinted):
    r = subprocess.run(["git", "apply", os.path.join(work, f"hint{i}.diff")], cwd=tree,
                       capture_output=True, text=True)
    if r.returncode == 0:
        applied.append(f)
    else:
        conflicts += 1
print(f"applied in turn: {len(applied)}, {conflicts} not (an earlier hint changed the same lines)")
with open(os.path.join(work, "applied.txt"), "w") as out:
    out.write("".join(f["fingerprint"] + "\n" for f in applied))
PY
scan >"$work/after.json"
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
b = json.load(open(os.path.join(work, "before.json")))
a = json.load(open(os.path.join(work, "after.json")))
hinted = [f for f in b["findings"] if f.get("fix_diff")]
left = {f["fingerprint"] for f in a["findings"]}
applied = set(open(os.path.join(work, "applied.txt")).read().split())
gone = [f for f in hinted if f["fingerprint"] in applied and f["fingerprint"] not in left]
print(f"after applying: {len(gone)} of {len(applied)} applied hints' findings gone; "
      f"findings {len(b['findings'])} -> {len(a['findings'])}")
for f in hinted:
    if f["fingerprint"] in left:
        how = "applied" if f["fingerprint"] in applied else "not applied"
        print(f"  still reported ({how}): {f['rule']} {f['file']} ({f['function']})")
sb = b["stats"]["functions_partial_by_reason"]["syntax"]
sa = a["stats"]["functions_partial_by_reason"]["syntax"]
print(f"functions partial through parse errors: {sb} before, {sa} after")
PY
echo "kept in $work"
