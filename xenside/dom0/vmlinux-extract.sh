#!/bin/sh
# SPDX-License-Identifier: MIT
# Extract the uncompressed ELF kernel from a bzImage.
#
# Why this exists: Xen can boot dom0 from the bzImage, but then dom0 first
# decompresses itself, which costs about 3 s of emulated time under TCG.
# Debian's x86 bzImage carries the kernel as an XZ stream (magic bytes
# FD 37 7A 58 5A 00) inside the setup code's payload; that stream holds
# the plain vmlinux ELF, Xen ELF notes included, which Xen loads directly.
#
#   vmlinux-extract.sh BZIMAGE OUT
# Tries each XZ magic in the file until one decompresses to an ELF image.
set -eu

in=$1 out=$2
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT

die() { echo "dom0/vmlinux: $*" >&2; exit 1; }

[ -r "$in" ] || die "cannot read $in"
offsets=$(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$in" | cut -d: -f1)
[ -n "$offsets" ] || die "no XZ stream in $in (not an XZ-compressed bzImage?)"
for off in $offsets; do
    # --single-stream: stop at the end of the stream and ignore the
    # bzImage's bytes that follow it.
    if tail -c +$((off + 1)) "$in" | xz -dc --single-stream > "$tmp" 2>/dev/null &&
        [ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
        mv "$tmp" "$out"
        exit 0
    fi
done
die "no XZ stream in $in decompresses to an ELF image"
