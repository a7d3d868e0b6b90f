#!/bin/sh
# SPDX-License-Identifier: MIT
# Host test of the Linux processes' block port (blk_test.c against
# workloads/hosted/wl_hosted_blk.c), TAP on stdout.
#
#   linux/test/run.sh SCRATCH_DIR
#
# The host has neither brd nor the virtio disk, so each of the port's two
# disks is a 16 MiB loop device with direct I/O over a file (the port
# opens them with O_DIRECT, as it opens /dev/ram0 and /dev/vda in the
# guests; the same test passed there, linux/README.md).  Needs root and
# two free loop devices; without them it prints one "ok # SKIP" line.
# The loop devices are detached on exit.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
devs=""
# shellcheck disable=SC2154 # d is the trap's own loop variable
trap 'for d in $devs; do losetup -d "$d"; done' EXIT

for disk in ram vda; do
    truncate -s 16M "$dir/$disk.img"
    if ! dev=$(losetup --direct-io=on -f --show "$dir/$disk.img" 2>/dev/null); then
        echo "ok - linux block port on the host # SKIP no loop device (needs root)"
        exit 0
    fi
    devs="$devs $dev"
    # The devices' paths are compiled in (WL_BLK_DEVICE_*); links keep them fixed.
    ln -sf "$dev" "$dir/$disk"
done
gcc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -iquote "$top/workloads" \
    -DWL_BLK_DEVICE_RAM="\"$dir/ram\"" -DWL_BLK_DEVICE_VIRTIO="\"$dir/vda\"" \
    "$top/linux/test/blk_test.c" "$top/workloads/hosted/wl_hosted_blk.c" -o "$dir/blk_test"
"$dir/blk_test" || { echo "not ok - blk_test exited with status $?"; exit 1; }
