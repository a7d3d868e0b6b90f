#!/bin/sh
# SPDX-License-Identifier: MIT
# Make a variant of dom0's initrd with extra files, leaving the base alone.
#
# Why this exists: a domU kernel under test changes far more often than
# dom0's userspace.  Linux unpacks an initrd that is several (compressed)
# cpio archives one after another, later files on top of earlier ones, so a
# variant is the cached base archive followed by a small archive holding
# just the new files; nothing is unpacked or rebuilt.
#
#   addfiles.sh BASE.gz OUT.gz SRC=DEST...
# DEST is an absolute path inside dom0 (e.g. /domu/xenguest.elf).
set -eu

base=$1 out=$2
shift 2
stage=$out.stage.$$
trap 'rm -rf "$stage" "$stage.gz" "$out.tmp"' EXIT

die() { echo "dom0/addfiles: $*" >&2; exit 1; }

[ -r "$base" ] || die "no base initrd $base (run make -C xenside/dom0 first)"
mkdir -p "$stage"
for spec in "$@"; do
    src=${spec%%=*} dest=${spec#*=}
    case "$dest" in /*) ;; *) die "destination $dest is not absolute" ;; esac
    [ -r "$src" ] || die "cannot read $src"
    mkdir -p "$stage$(dirname "$dest")"
    cp "$src" "$stage$dest"
done
find "$stage" -exec touch -h -d @0 {} +
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -1n >"$stage.gz"
cat "$base" "$stage.gz" >"$out.tmp"
mv "$out.tmp" "$out"
