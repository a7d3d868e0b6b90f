#!/bin/sh
# SPDX-License-Identifier: MIT
# The libraries a dom0 peer program adds to an initrd, as addfiles.sh specs.
#
# Why this exists: peer programs (xenside/dom0/peer) are built on the host
# and reach dom0 in the small archive addfiles.sh appends to the base
# initrd.  The libraries they load must come from the unpacked packages
# like everything else in dom0 (libs.sh checks that and fails otherwise);
# the ones the base archive already holds (libc, the libxen* the tools
# need) are not added twice.
#
#   peerlibs.sh ROOT BASE.gz PROGRAM...
# prints SRC=/usr/lib/x86_64-linux-gnu/NAME per library BASE.gz lacks.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$1 base=$2
shift 2
libdir=/usr/lib/x86_64-linux-gnu

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.libs"' EXIT
sh "$here/libs.sh" "$root" "$@" >"$tmp.libs"
zcat "$base" | cpio -t --quiet | sed 's|^\./||' >"$tmp"
while read -r path name; do
    grep -qxF "${libdir#/}/$name" "$tmp" || echo "$path=$libdir/$name"
done <"$tmp.libs"
