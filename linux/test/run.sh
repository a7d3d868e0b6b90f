#!/bin/sh
# SPDX-License-Identifier: MIT
# Host test of the Linux processes' block port (blk_test.c against
# workloads/hosted/wl_hosted_blk.c), TAP on stdout.
#
#   linux/test/run.sh SCRATCH_DIR
#
# The host has no brd, so the disk is a 16 MiB loop device with direct
# I/O over a file (the port opens it with O_DIRECT, as it opens
# /dev/ram0 in the guests; the same test passed there, linux/README.md).
# Needs root and a free loop device; without them it prints one
# "ok # SKIP" line.  The loop device is detached on exit.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
dev=""
trap '[ -z "$dev" ] || losetup -d "$dev"' EXIT

truncate -s 16M "$dir/disk.img"
if ! dev=$(losetup --direct-io=on -f --show "$dir/disk.img" 2>/dev/null); then
    dev=""
    echo "ok - linux block port on the host # SKIP no loop device (needs root)"
    exit 0
fi
# The device's path is compiled in (WL_BLK_DEVICE); a link keeps it fixed.
ln -sf "$dev" "$dir/disk"
gcc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -iquote "$top/workloads" \
    -DWL_BLK_DEVICE="\"$dir/disk\"" "$top/linux/test/blk_test.c" \
    "$top/workloads/hosted/wl_hosted_blk.c" -o "$dir/blk_test"
"$dir/blk_test" || { echo "not ok - blk_test exited with status $?"; exit 1; }
