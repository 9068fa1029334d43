#!/usr/bin/env python3
"""Apply every fix hint tocsin offers on the fixtures and examples.

For each finding with a diff, on a fresh copy of its fixture (a git work
tree of its own, so that the paths in the diff are the ones a maintainer
gets): `git apply --check` and `patch -p1 --dry-run` must take the diff,
the files it touches must compile with `gcc -fsyntax-only -Wall -Werror`
(with tests/hints/stubs.h, and tests/hints/stubs/NAME.h for fixture NAME)
before and after it is applied, and tocsin, run again, must no longer
report that finding (the same fingerprint: rule, file, function, object).

A fixture that does not compile even before is allowed only if
tests/hints/not-compiled.txt lists it with the reason; one listed there
that compiles is an error too, so the list cannot go stale.

    check-hints.py TOCSIN
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HINTS = os.path.join(TOP, "tests", "hints")
GCC = ["gcc", "-fsyntax-only", "-std=gnu11", "-Wall", "-Werror", "-include",
       os.path.join(HINTS, "stubs.h")]


def targets():
    """What tests/run-fixtures.sh runs: each .c file, each scenario directory, each example."""
    out = []
    for base in sorted(os.listdir(os.path.join(TOP, "tests", "fixtures"))) + [None]:
        d = os.path.join("tests", "fixtures", base) if base else "examples"
        for name in sorted(os.listdir(os.path.join(TOP, d))):
            rel = os.path.join(d, name)
            if name.endswith((".c", ".h")) or os.path.isdir(os.path.join(TOP, rel)):
                out.append(rel)
    return out


def not_compiled_list():
    listed = {}
    with open(os.path.join(HINTS, "not-compiled.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                path, _, why = line.partition(":")
                if not why.strip():
                    sys.exit(f"not-compiled.txt: '{path}' has no reason")
                listed[path.strip()] = why.strip()
    return listed


def scan(tocsin, cwd, rel, profiles):
    args = [tocsin, "--no-cache", "-q", "--all", "--show-acknowledged",
            "--fix-hints", "diff", "--format", "json"]
    for p in profiles:
        args += ["--profile-file", p]
    r = subprocess.run(args + [rel], cwd=cwd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"tocsin exit {r.returncode} on {rel}: {r.stderr}")
    return json.loads(r.stdout)["findings"]


def compiles(cwd, path, stem):
    cmd = list(GCC)
    extra = os.path.join(HINTS, "stubs", stem + ".h")
    if os.path.exists(extra):
        cmd += ["-include", extra]
    r = subprocess.run(cmd + [path], cwd=cwd, capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def diff_files(diff):
    return sorted({l[6:] for l in diff.splitlines() if l.startswith("+++ b/")})


def main():
    tocsin = os.path.abspath(sys.argv[1])
    listed = not_compiled_list()
    seen_uncompiled = set()
    errors = []
    hints = applied = compiled = silenced = 0
    for rel in targets():
        stem = os.path.splitext(os.path.basename(rel))[0]
        tmp = tempfile.mkdtemp(prefix="tocsin-hints-")
        try:
            root = os.path.join(tmp, "tree")
            dst = os.path.join(root, rel)
            os.makedirs(os.path.dirname(dst))
            if os.path.isdir(os.path.join(TOP, rel)):
                shutil.copytree(os.path.join(TOP, rel), dst)
                profiles = sorted(os.path.join(rel, p) for p in os.listdir(dst)
                                  if p.endswith(".profile"))
            else:
                shutil.copy(os.path.join(TOP, rel), dst)
                profiles = []
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)
            before = scan(tocsin, root, rel, profiles)
            for i, f in enumerate(x for x in before if x.get("fix_diff")):
                hints += 1
                what = f"{rel}: {f['rule']} in {f['function']} ({f['fingerprint']})"
                work = os.path.join(tmp, f"w{i}")
                shutil.copytree(root, work, symlinks=True)
                diff = os.path.join(tmp, f"h{i}.diff")
                with open(diff, "w") as out:
                    out.write(f["fix_diff"])
                files = diff_files(f["fix_diff"])
                ok_before = {}
                for path in files:
                    ok, msg = compiles(work, path, stem)
                    ok_before[path] = ok
                    if not ok:
                        seen_uncompiled.add(path)
                        if path not in listed:
                            errors.append(f"{what}: {path} does not compile before the hint "
                                          f"and not-compiled.txt does not say why:\n{msg}")
                for cmd in (["git", "apply", "--check", diff],
                            ["patch", "-p1", "--dry-run", "-s", "-i", diff]):
                    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
                    if r.returncode:
                        errors.append(f"{what}: `{' '.join(cmd[:2])}` rejects the hint:\n"
                                      f"{r.stdout}{r.stderr}{f['fix_diff']}")
                r = subprocess.run(["git", "apply", diff], cwd=work, capture_output=True,
                                   text=True)
                if r.returncode:
                    errors.append(f"{what}: git apply failed: {r.stderr}")
                    continue
                applied += 1
                for path in files:
                    if not ok_before[path]:
                        continue
                    ok, msg = compiles(work, path, stem)
                    if ok:
                        compiled += 1
                    else:
                        errors.append(f"{what}: {path} no longer compiles:\n{msg}\n"
                                      f"{f['fix_diff']}")
                after = scan(tocsin, work, rel, profiles)
                if any(a["fingerprint"] == f["fingerprint"] for a in after):
                    errors.append(f"{what}: still reported after its hint:\n{f['fix_diff']}")
                else:
                    silenced += 1
        finally:
            shutil.rmtree(tmp)
    for path in sorted(set(listed) - seen_uncompiled):
        errors.append(f"not-compiled.txt lists {path}, which had no hint or compiled")
    for e in errors:
        print("FAIL:", e)
    print(f"hints: {hints} offered, {applied} applied, {compiled} compiled after "
          f"({len(seen_uncompiled)} files listed as not compiling), {silenced} silenced")
    if hints == 0:
        print("FAIL: no fixture got a hint: nothing was checked")
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
