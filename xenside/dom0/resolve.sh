#!/bin/sh
# SPDX-License-Identifier: MIT
# Pin the exact Debian packages the dom0 image is made of.
#
# Why this exists: the image must be rebuilt when, and only when, a package
# it contains changes version.  This script asks apt (no network: only the
# local package lists) which versions are current and writes one line per
# package, "role package version", to the lock file given as $1.  The file
# is replaced only if its content changed, so its mtime is the stamp the
# Makefile keys everything else on.
#
# Roles: xen (hypervisor), kernel (dom0 Linux, the one linux-image-amd64
# depends on), busybox, tools (xl, xenstored, ...), lib (every shared
# library package the tools need: the Depends closure of the tools through
# packages of Section "libs", plus libgcc-s1, which glibc dlopens for
# pthread_cancel and ldd does not show).
set -eu

lock=$1
tmp=$lock.tmp.$$
trap 'rm -f "$tmp"' EXIT

die() { echo "dom0/resolve: $*" >&2; exit 1; }

# Candidate versions of "$@", as "package version" lines; a package apt
# does not know is an error naming it.
candidates() {
    apt-cache policy "$@" 2>/dev/null | awk '
        /^[^ ]/ { sub(/:$/, "", $1); p = $1 }
        /^  Candidate:/ { print p, $2 }' > "$tmp.cand"
    for p in "$@"; do
        v=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp.cand")
        case "$v" in
        "" | "(none)") die "package $p has no installable candidate (apt-get update? Debian mirror in sources.list?)" ;;
        esac
        echo "$p $v"
    done
    rm -f "$tmp.cand"
}

depends() {
    apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$@" 2>/dev/null |
        awk '$1 == "Depends:" || $1 == "PreDepends:" { print $2 }' | grep -v '^<' | sort -u
}

# The kernel linux-image-amd64 points at today (never the -cloud flavour:
# it lacks CONFIG_XEN_DOM0).
kernel=$(depends linux-image-amd64 | grep -E '^linux-image-6\.1\.[0-9]+-[0-9]+-amd64$' | head -n 1)
[ -n "$kernel" ] || die "linux-image-amd64 does not depend on a linux-image-6.1.*-amd64 package"

tools="xen-utils-4.17 xenstore-utils"

# Library closure: follow Depends from the tools, keeping only Section libs.
libs=""
level=$tools
seen=" $tools "
while [ -n "$level" ]; do
    new=""
    # shellcheck disable=SC2086
    for d in $(depends $level); do
        case "$seen" in *" $d "*) ;; *) new="$new $d" ;; esac
    done
    [ -n "$new" ] || break
    # shellcheck disable=SC2086
    level=$(apt-cache show --no-all-versions $new 2>/dev/null |
        awk '/^Package:/ { p = $2 } /^Section:/ && $2 == "libs" { print p }' | sort -u)
    for d in $new; do seen="$seen$d "; done
    libs="$libs $level"
done
case " $libs " in *" libgcc-s1 "*) ;; *) libs="$libs libgcc-s1" ;; esac

{
    candidates xen-hypervisor-4.17-amd64 | sed 's/^/xen /'
    candidates "$kernel" | sed 's/^/kernel /'
    candidates busybox-static | sed 's/^/busybox /'
    # shellcheck disable=SC2086
    candidates $tools | sed 's/^/tools /'
    # shellcheck disable=SC2046,SC2086
    candidates $(echo $libs | tr ' ' '\n' | sort -u) | sed 's/^/lib /'
} > "$tmp"

if [ -f "$lock" ] && cmp -s "$tmp" "$lock"; then
    exit 0
fi
mkdir -p "$(dirname "$lock")"
mv "$tmp" "$lock"
echo "dom0: package set changed: $lock" >&2
