#!/bin/sh
# SPDX-License-Identifier: MIT
# Assemble the `linux` system's initramfs: busybox (static, from Debian's
# busybox-static, unpacked by xenside/dom0/fetch.sh), the static
# benchmark program, our /init and one kernel module, brd (the RAM disk
# of the blkio workload; the serial console, devtmpfs, /dev/port, futexes,
# eventfd and native AIO are built into Debian's kernel).  No C library:
# both programs are static.
#
#   mkinitrd.sh ROOT WL_LINUX INIT MODULES STAGE OUT.gz
# ROOT: the unpacked packages; MODULES: a directory with brd.ko (from the
# same kernel package); STAGE: scratch directory (emptied).  The
# archive is reproducible: sorted names, owner 0:0, every mtime 0.
set -eu

root=$1 prog=$2 init=$3 modules=$4 stage=$5 out=$6

die() { echo "linux/mkinitrd: $*" >&2; exit 1; }

[ -x "$root/bin/busybox" ] || die "no bin/busybox in $root (busybox-static unpacked?)"
[ -x "$prog" ] || die "no benchmark program $prog (make -C linux/port)"
file_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }
[ -f "$modules/brd.ko" ] || die "no $modules/brd.ko"
file_static "$prog" || die "$prog is dynamically linked; the initramfs has no C library"

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin usr/lib/modules dev proc sys tmp
cp "$root/bin/busybox" bin/busybox
for a in $(bin/busybox --list-full); do
    [ -e "$a" ] || ln -s /bin/busybox "$a"
done
cp "$prog" usr/bin/wl-linux
cp "$init" init
cp "$modules/brd.ko" usr/lib/modules/brd.ko
chmod 755 init usr/bin/wl-linux

find . -exec touch -h -d @0 {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
