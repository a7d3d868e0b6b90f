#!/bin/sh
# SPDX-License-Identifier: MIT
# Assemble the `linux` system's initramfs: busybox (static, from Debian's
# busybox-static, unpacked by xenside/dom0/fetch.sh), the static
# benchmark program and our /init.  Nothing else: no modules (the serial
# console, devtmpfs, /dev/port, futexes and eventfd are built into
# Debian's kernel) and no C library (both programs are static).
#
#   mkinitrd.sh ROOT WL_LINUX INIT STAGE OUT.gz
# ROOT: the unpacked packages; STAGE: scratch directory (emptied).  The
# archive is reproducible: sorted names, owner 0:0, every mtime 0.
set -eu

root=$1 prog=$2 init=$3 stage=$4 out=$5

die() { echo "linux/mkinitrd: $*" >&2; exit 1; }

[ -x "$root/bin/busybox" ] || die "no bin/busybox in $root (busybox-static unpacked?)"
[ -x "$prog" ] || die "no benchmark program $prog (make -C linux/port)"
file_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }
file_static "$prog" || die "$prog is dynamically linked; the initramfs has no C library"

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp
cp "$root/bin/busybox" bin/busybox
for a in $(bin/busybox --list-full); do
    [ -e "$a" ] || ln -s /bin/busybox "$a"
done
cp "$prog" usr/bin/wl-linux
cp "$init" init
chmod 755 init usr/bin/wl-linux

find . -exec touch -h -d @0 {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
