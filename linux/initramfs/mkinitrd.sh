#!/bin/sh
# SPDX-License-Identifier: MIT
# Assemble the `linux` system's initramfs: busybox (static, from Debian's
# busybox-static, unpacked by xenside/dom0/fetch.sh), the static
# benchmark program, our /init and the kernel modules of modules.list
# (brd, the RAM disk of the blkio workload) and modules-blkdev.list (the
# virtio stack under /dev/vda, the disk of blkdev); the serial console, devtmpfs, /dev/port,
# futexes, eventfd and native AIO are built into Debian's kernel.  No C
# library: both programs are static.
#
#   mkinitrd.sh ROOT WL_LINUX INIT MODULES_LIST BLKDEV_LIST MODULES STAGE OUT.gz
# ROOT: the unpacked packages; MODULES_LIST: the modules /init loads, in
# load order, with their parameters (copied as /etc/modules.list);
# BLKDEV_LIST: those loaded after them when blkdev first opens its disk
# (/etc/modules-blkdev.list, read by wl-linux);
# MODULES: a directory with each NAME.ko (from the same kernel package);
# STAGE: scratch directory (emptied).  The archive is reproducible:
# sorted names, owner 0:0, every mtime 0.
set -eu

root=$1 prog=$2 init=$3 list=$4 blist=$5 modules=$6 stage=$7 out=$8
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "linux/mkinitrd: $*" >&2; exit 1; }

[ -x "$root/bin/busybox" ] || die "no bin/busybox in $root (busybox-static unpacked?)"
[ -x "$prog" ] || die "no benchmark program $prog (make -C linux/port)"
file_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }
file_static "$prog" || die "$prog is dynamically linked; the initramfs has no C library"

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin usr/lib/modules etc dev proc sys tmp
cp "$root/bin/busybox" bin/busybox
for a in $(bin/busybox --list-full); do
    [ -e "$a" ] || ln -s /bin/busybox "$a"
done
cp "$prog" usr/bin/wl-linux
cp "$init" init
# The modules, in load order (the order checked against their depends=).
grep -v '^#' "$list" | grep . >etc/modules.list
grep -v '^#' "$blist" | grep . >etc/modules-blkdev.list
sh "$here/../../common/kmod/install-modules.sh" "$modules" usr/lib/modules "$list" "$blist" ||
    die "the kernel modules could not be installed"
chmod 755 init usr/bin/wl-linux

find . -exec touch -h -d @0 {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
