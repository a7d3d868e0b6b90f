#!/bin/sh
# SPDX-License-Identifier: MIT
# Which shared libraries dom0 programs load, from the unpacked packages.
#
# Why this exists: dom0's initramfs must carry every library its programs
# load, and only copies from the Debian packages the image is built from,
# never the host's.  The unpacked dynamic loader (what ldd runs) is asked,
# searching only the unpacked tree, so a library missing from the package
# set shows up as "not found" or as a host path, and both are errors.
# mkinitrd.sh uses it for the Xen tools, the bench initrd for the dom0
# peer programs built on the host (xenside/dom0/peer).
#
#   libs.sh ROOT PROGRAM...
# prints "PATH NAME" per library (PATH inside ROOT, NAME the soname the
# program asks for), each once.
set -eu

root=$1
shift
libdir=/usr/lib/x86_64-linux-gnu

die() { echo "dom0/libs: $*" >&2; exit 1; }

ldso=$root/lib64/ld-linux-x86-64.so.2
[ -x "$ldso" ] || die "no dynamic loader in the unpacked libc6"
search=$root/lib/x86_64-linux-gnu:$root$libdir
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.out"' EXIT
: >"$tmp.out"
for b in "$@"; do
    "$ldso" --library-path "$search" --list "$b" >"$tmp" || die "cannot list libraries of $b"
    if grep -q 'not found' "$tmp"; then
        die "$b: $(grep 'not found' "$tmp" | tr -s ' \t' ' ' | tr '\n' ';')"
    fi
    awk '$1 !~ /^\// && $2 == "=>" && $3 ~ /^\// { print $1, $3 }' "$tmp" | while read -r name path; do
        case "$path" in
        "$root"/*) echo "$path $name" >>"$tmp.out" ;;
        *) die "$b needs $name, found only on the host ($path): add its package to resolve.sh" ;;
        esac
    done
done
LC_ALL=C sort -u "$tmp.out"
