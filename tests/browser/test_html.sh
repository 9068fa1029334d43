#!/bin/sh
# The HTML report in a real browser.  Headless Chromium loads the page,
# runs its script and dumps the resulting DOM (--dump-dom); the DOM is
# checked against the JSON report of the same input, so the page is
# tested as a reader gets it, not as the C code meant it.  Filters are
# driven through the URL fragment (#rule=...), which the page applies on
# load by setting `hidden` on the rows it drops.
#
# Skipped -- one line, exit 0 -- only when Chromium is not installed or
# cannot start on this machine; any other problem is a failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
BUILD=${BUILD:-build}
TOCSIN=${TOCSIN:-$top/$BUILD/tocsin}
PY=${PY:-python3}
# Relative, as a user would type it: excerpts are read from these paths.
FIXTURES=tests/fixtures

skip() {
	echo "browser: SKIPPED: $*"
	exit 0
}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
	for b in chromium chromium-browser; do
		if command -v "$b" >/dev/null 2>&1; then
			browser=$(command -v "$b")
			break
		fi
	done
fi
[ -n "$browser" ] ||
	skip "chromium is not installed (scripts/setup-deps.sh browser installs it)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
trap 'exit 2' INT TERM

# dump URL OUT: the DOM after the page's scripts ran.  A fresh profile
# each time, so no state carries over; as root Chromium needs
# --no-sandbox; the rest keeps it from reaching out to the network.
dump() {
	profile=$(mktemp -d "$TMP/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --user-data-dir="$profile" \
		--virtual-time-budget=5000 --dump-dom "$1" >"$2" 2>"$TMP/browser.err"
	rc=$?
	rm -rf "$profile"
	return $rc
}

# Can it start at all?  A page with a script, so "started" means it can
# also run what the report needs.
cat >"$TMP/smoke.html" <<'EOF'
<!DOCTYPE html><p id="smoke"></p>
<script>document.getElementById("smoke").textContent = "ran";</script>
EOF
if ! dump "file://$TMP/smoke.html" "$TMP/smoke.dom" ||
	! grep -q '<p id="smoke">ran</p>' "$TMP/smoke.dom"; then
	why=$(grep -v -i 'dbus' "$TMP/browser.err" | grep . | tail -n 1)
	skip "chromium ($browser) did not start: ${why:-no output}"
fi

pass=0
failed=0
check() {
	desc=$1
	shift
	if "$@" >"$TMP/check.out" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL: $desc"
		sed 's/^/    /' "$TMP/check.out"
		failed=$((failed + 1))
	fi
}

"$TOCSIN" -q --format json "$FIXTURES" >"$TMP/report.json"
[ $? = 1 ] || { echo "FAIL: tocsin --format json $FIXTURES did not report findings"; exit 1; }
"$TOCSIN" -q --format html -o "$TMP/report.html" "$FIXTURES"
[ $? = 1 ] || { echo "FAIL: tocsin --format html $FIXTURES did not exit 1"; exit 1; }
"$TOCSIN" -q --format html -o "$TMP/again.html" "$FIXTURES"

cat >"$TMP/check.py" <<'PYEOF'
# check.py MODE ...: the checks on the report and on the dumped DOM.
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
SEV = ["note", "low", "medium", "high", "critical"]


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def cls(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag=None, cls=None):
        for c in self.children:
            if isinstance(c, str):
                continue
            if (tag is None or c.tag == tag) and (cls is None or cls in c.cls()):
                yield c
            yield from c.all(tag, cls)

    def kids(self, tag):
        return [c for c in self.children if not isinstance(c, str) and c.tag == tag]


class Builder(HTMLParser):
    """Chromium serialises a DOM with every element closed: a stack is enough."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    b = Builder()
    b.feed(open(path, encoding="utf-8").read())
    b.close()
    return b.root


def by_id(root, ident):
    for n in root.all():
        if n.attrs.get("id") == ident:
            return n
    raise AssertionError("no element #%s" % ident)


def hidden(n):
    return "hidden" in n.attrs


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def findings(path):
    return json.load(open(path))["findings"]


def static(report):
    text = open(report, encoding="utf-8").read()
    expect(text.startswith("<!DOCTYPE html>"), "does not start with <!DOCTYPE html>")
    # any src= or href= with a URL that has a host: scheme:// or //
    remote = re.findall(r"""\b(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//[^\s"'>]*""",
                        text, re.I)
    expect(not remote, "fetches from elsewhere: %s" % remote[:3])
    for bad in ("<link", "@import", "url(", "<img", "<iframe"):
        expect(bad not in text.lower(), "contains %s" % bad)
    expect("default-src 'none'" in text, "no Content-Security-Policy forbidding fetches")
    expect(not re.search(r"<tr[^>]*\bhidden", text), "rows hidden before the script ran")


def rows(root):
    return list(by_id(root, "findings").all("tr", "finding"))


def plain(json_path, dom):
    fs, root = findings(json_path), parse(dom)
    r = rows(root)
    expect(len(r) == len(fs), "%d finding rows, the JSON report has %d" % (len(r), len(fs)))
    expect(len(fs) > 0, "no findings at all")
    count = by_id(root, "count").text()
    expect(count == "%d of %d findings shown" % (len(fs), len(fs)),
           "the script did not run or counted wrong: %r" % count)
    for i, (row, f) in enumerate(zip(r, fs), 1):
        expect(row.attrs.get("data-i") == str(i), "row %d out of order" % i)
        expect(not hidden(row), "row %d hidden with no filter" % i)
        for k in ("rule", "severity"):
            expect(row.attrs.get("data-" + k) == f[k], "row %d: %s differs" % (i, k))
        expect(row.attrs.get("data-impact") == (f["impact"] or "none"), "row %d: impact" % i)
        expect(f["message"] in row.text(), "row %d lacks its message" % i)


def sites(json_path, dom):
    """Every site's excerpt highlights the site's line, with its text."""
    fs, root = findings(json_path), parse(dom)
    checked = 0
    for i, f in enumerate(fs, 1):
        detail = by_id(root, "d%d" % i)
        tables = list(detail.all("table", "src"))
        for s in f["sites"]:
            lines = open(s["file"], encoding="utf-8").read().split("\n")
            t = [t for t in tables if t.attrs.get("data-file") == s["file"]
                 and t.attrs.get("data-line") == str(s["line"])]
            expect(t, "finding %d: no excerpt for %s:%d" % (i, s["file"], s["line"]))
            hl = list(t[0].all("tr", "hl"))
            expect(len(hl) == 1, "finding %d: %d highlighted lines in %s:%d"
                   % (i, len(hl), s["file"], s["line"]))
            cells = hl[0].kids("td")
            expect(cells[0].text() == str(s["line"]), "wrong line number on the highlighted line")
            expect(cells[1].text() == lines[s["line"] - 1], "%s:%d: highlighted %r, the file has %r"
                   % (s["file"], s["line"], cells[1].text(), lines[s["line"] - 1]))
            expect(len(list(t[0].all("tr"))) > 1,
                   "no context lines around %s:%d" % (s["file"], s["line"]))
            checked += 1
    expect(checked, "no sites to check")
    # and one known by heart, so a wrong JSON cannot make this pass
    known = [t for t in root.all("table", "src")
             if t.attrs.get("data-file", "").endswith("double-fetch/guest-two-reads.c")
             and t.attrs.get("data-line") == "20"]
    expect(known, "no excerpt for guest-two-reads.c:20")
    hl = list(known[0].all("tr", "hl"))
    expect(hl and "if (cb->len > 64)" in hl[0].text(), "guest-two-reads.c:20 not highlighted")


def witness(json_path, dom):
    fs, root = findings(json_path), parse(dom)
    seen = 0
    for i, f in enumerate(fs, 1):
        if not f["witness"]:
            continue
        t = list(by_id(root, "d%d" % i).all("table", "witness"))
        expect(len(t) == 1, "finding %d: no witness table" % i)
        heads = [th.text() for th in t[0].all("th")]
        expect(len(heads) == 2 and heads[0].startswith("CPU0") and heads[1].startswith("CPU1"),
               "finding %d: witness header is %r" % (i, heads))
        body = t[0].kids("tbody")[0].kids("tr")
        expect(len(body) == len(f["witness"]), "finding %d: %d steps, JSON has %d"
               % (i, len(body), len(f["witness"])))
        for tr, step in zip(body, f["witness"]):
            cells = [td.text() for td in tr.kids("td")]
            expect(len(cells) == 2, "a witness row without two columns")
            expect(cells[step["cpu"]].startswith(step["text"]) and not cells[1 - step["cpu"]],
                   "finding %d: step %r not in the CPU%d column: %r"
                   % (i, step["text"], step["cpu"], cells))
        seen += 1
    expect(seen, "no finding with a witness")


def filtered(json_path, dom, fragment):
    from urllib.parse import parse_qs
    fs, root = findings(json_path), parse(dom)
    want = {k: v[0] for k, v in parse_qs(fragment).items()}
    mins = SEV.index(want["severity"]) if "severity" in want else -1
    keep = set()
    for i, f in enumerate(fs, 1):
        if (SEV.index(f["severity"]) >= mins and want.get("rule", f["rule"]) == f["rule"]
                and want.get("impact", f["impact"] or "none") == (f["impact"] or "none")):
            keep.add(i)
    r = rows(root)
    expect(len(r) == len(fs), "rows lost while filtering")
    for row in r:
        i = int(row.attrs["data-i"])
        f = fs[i - 1]
        expect(hidden(row) == (i not in keep), "#%s: row %d (%s, %s, %s) %s" % (
            fragment, i, f["rule"], f["severity"], f["impact"],
            "hidden" if hidden(row) else "shown"))
        expect(hidden(by_id(root, "d%d" % i)) == hidden(row),
               "detail %d not filtered with its row" % i)
    count = by_id(root, "count").text()
    expect(count == "%d of %d findings shown" % (len(keep), len(fs)), "count says %r" % count)
    if "rule" in want:
        # a filter that keeps all rows or none would prove nothing here
        expect(keep and len(keep) < len(fs),
               "#%s keeps %d of %d rows" % (fragment, len(keep), len(fs)))
    # A dump shows attributes, not a select's live value: check that the
    # box at least offers the value the fragment chose.
    for k in ("severity", "rule", "impact"):
        values = [o.attrs.get("value", o.text()) for o in by_id(root, "f-" + k).all("option")]
        expect(want.get(k, "") in values, "select %s does not offer %r" % (k, want.get(k)))


def sorted_by(json_path, dom, fragment):
    fs, root = findings(json_path), parse(dom)
    key = fragment.split("=", 1)[1]
    desc = key.startswith("-")
    key = key.lstrip("-")
    order = [int(r.attrs["data-i"]) for r in rows(root)]
    expect(sorted(order) == list(range(1, len(fs) + 1)), "rows lost while sorting")

    def k(i):
        f = fs[i - 1]
        return {"rule": f["rule"], "location": (f["file"], f["line"]),
                "severity": SEV.index(f["severity"])}[key]
    got = [k(i) for i in order]
    expect(got == sorted(got, reverse=desc), "#%s: order %r" % (fragment, got))
    for a, b in zip(order, order[1:]):
        if k(a) == k(b):
            expect(a < b, "#%s: ties not in the report's order" % fragment)
    heads = {th.attrs.get("data-sort"): th.attrs.get("aria-sort") for th in root.all("th")}
    expect(heads.get(key) == ("descending" if desc else "ascending"), "header not marked sorted")
    # each detail row still follows its finding
    body = by_id(root, "findings").kids("tbody")[0].kids("tr")
    for a, b in zip(body[::2], body[1::2]):
        expect(b.attrs.get("id") == "d" + a.attrs.get("data-i", "?"), "a detail row strayed")


MODES = {"static": static, "plain": plain, "sites": sites, "witness": witness,
         "filtered": filtered, "sorted": sorted_by}
try:
    MODES[sys.argv[1]](*sys.argv[2:])
except AssertionError as e:
    print(e)
    sys.exit(1)
PYEOF

checker() {
	"$PY" "$TMP/check.py" "$@"
}

check "the report is self-contained and starts with <!DOCTYPE html>" \
	checker static "$TMP/report.html"
check "the same input gives the same bytes" cmp "$TMP/report.html" "$TMP/again.html"

url="file://$TMP/report.html"
if dump "$url" "$TMP/plain.dom"; then
	check "one finding row per finding of the JSON report" \
		checker plain "$TMP/report.json" "$TMP/plain.dom"
	check "each site's source line is highlighted in its excerpt" \
		checker sites "$TMP/report.json" "$TMP/plain.dom"
	check "the witness is a CPU0 | CPU1 table" \
		checker witness "$TMP/report.json" "$TMP/plain.dom"
else
	echo "FAIL: chromium could not load $url"
	failed=$((failed + 1))
fi

n=0
for fragment in rule=double-fetch rule=check-then-act severity=critical \
	'rule=double-fetch&severity=low&impact=guest-state' impact=benign; do
	n=$((n + 1))
	if dump "$url#$fragment" "$TMP/f$n.dom"; then
		check "#$fragment hides exactly the rows it should" \
			checker filtered "$TMP/report.json" "$TMP/f$n.dom" "$fragment"
	else
		echo "FAIL: chromium could not load $url#$fragment"
		failed=$((failed + 1))
	fi
done

for fragment in sort=rule sort=-location; do
	n=$((n + 1))
	if dump "$url#$fragment" "$TMP/f$n.dom"; then
		check "#$fragment orders the rows" \
			checker sorted "$TMP/report.json" "$TMP/f$n.dom" "$fragment"
	else
		echo "FAIL: chromium could not load $url#$fragment"
		failed=$((failed + 1))
	fi
done

echo "browser: $pass passed, $failed failed"
[ "$failed" = 0 ]
