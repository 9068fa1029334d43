#!/usr/bin/env bash
# Install what a make target needs, from the pins in scripts/deps.lock.
#
#   scripts/setup-deps.sh ROLE...   (build, test, bench, browser, fuzz)
#
# Debian packages are installed with apt-get only when missing (as root, or
# through sudo).  npm tarballs are fetched with `npm pack`, checked against
# their pinned sha512 and unpacked under build/deps/NAME; nothing fetched is
# ever written into the source tree proper.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
lock="$top/scripts/deps.lock"
deps="$top/build/deps"

die() { echo "setup-deps: $*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

apt_updated=
apt_install() {
	# A fresh machine may have empty package lists: update once, on demand.
	if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; then
		[ -z "$apt_updated" ] || die "apt-get install $* failed"
		apt_updated=1
		as_root apt-get update -q
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" ||
			die "apt-get install $* failed"
	fi
}

deb_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

want_role() {
	local r
	for r in "${roles[@]}"; do [ "$r" = "$1" ] && return 0; done
	return 1
}

ensure_deb() {
	local name=$1 version=$2
	deb_installed "$name" && return 0
	if [ "$version" = current ]; then
		apt_install "$name"
	else
		apt_install "$name=$version"
	fi
}

ensure_npm_tool() {
	command -v npm >/dev/null 2>&1 && return 0
	apt_install npm
}

integrity_of() {
	# npm's integrity string is "sha512-" followed by base64 of the digest.
	printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

ensure_npm() {
	local name=$1 version=$2 integrity=$3 member=${4:-}
	local dir="$deps/${name##*/}"
	local stamp="$dir/.tocsin-pin"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$name@$version $integrity $member" ]; then
		return 0
	fi
	ensure_npm_tool
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "$name@$version" >/dev/null) ||
		{ rm -rf "$tmp"; die "npm pack $name@$version failed"; }
	local tgz
	tgz=$(ls "$tmp"/*.tgz)
	local got
	got=$(integrity_of "$tgz")
	if [ "$got" != "$integrity" ]; then
		rm -rf "$tmp"
		die "$name@$version: integrity mismatch (got $got, pinned $integrity)"
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ -n "$member" ]; then
		tar xzf "$tgz" -C "$dir" --strip-components=1 "package/$member"
	else
		tar xzf "$tgz" -C "$dir" --strip-components=1
	fi
	echo "$name@$version $integrity $member" >"$stamp"
	rm -rf "$tmp"
	echo "setup-deps: $name@$version unpacked in ${dir#$top/}"
}

[ $# -gt 0 ] || die "usage: $0 ROLE... (build, test, bench, browser, fuzz)"
roles=("$@")
mkdir -p "$deps"

while read -r kind name version rest; do
	case "$kind" in ''|'#'*) continue ;; esac
	set -- $rest
	case "$kind" in
	npm)
		want_role "$2" || continue
		ensure_npm "$name" "$version" "$1" "${3:-}"
		;;
	deb)
		want_role "$1" || continue
		ensure_deb "$name" "$version"
		;;
	*) die "$lock: unknown kind '$kind'" ;;
	esac
done <"$lock"
