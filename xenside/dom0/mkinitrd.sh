#!/bin/sh
# SPDX-License-Identifier: MIT
# Assemble dom0's initramfs from the unpacked packages and rootfs/.
#
# Why this exists: dom0 is a Debian kernel with a tiny userspace in its
# initramfs - busybox, the Xen tools that set up a Xen host (xenstored,
# xen-init-dom0, xenconsoled, xl, the xenstore-* clients), the shared
# libraries those need, a few kernel modules, and our /init.  There is no
# disk and no package manager inside; this script is the whole "distro".
#
#   mkinitrd.sh ROOT STAGE OUT.gz
# ROOT: the unpacked packages (fetch.sh); STAGE: scratch directory (emptied);
# OUT.gz: cpio newc archive, gzip.  The archive is reproducible: sorted
# names, owner 0:0, every mtime set to 0.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$1 stage=$2 out=$3
tools=/usr/lib/xen-4.17/bin
libdir=/usr/lib/x86_64-linux-gnu

die() { echo "dom0/mkinitrd: $*" >&2; exit 1; }

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin "usr/lib/modules" ".$libdir" ".$tools" usr/lib64 \
    dev proc sys run tmp domu etc/xen var/lib/xen var/lib/xenstored var/log/xen/console
ln -s usr/lib lib
ln -s usr/lib64 lib64
ln -s ../run var/run
ln -s ../run/lock var/lock

# busybox and its applet links (it is static; --list-full prints paths).
cp "$root/bin/busybox" bin/busybox
for a in $(bin/busybox --list-full); do
    [ -e "$a" ] || ln -s /bin/busybox "$a"
done

# Xen tools.  The /usr/sbin entries in Debian are wrapper scripts that pick
# the versioned directory; we run the real binaries from $tools.
for t in xl xenstored xenconsoled xen-init-dom0; do
    [ -x "$root$tools/$t" ] || die "$tools/$t missing from the unpacked packages"
    cp "$root$tools/$t" ".$tools/$t"
done
cp "$root/usr/bin/xenstore" usr/bin/xenstore
for c in read write exists list ls rm watch chmod; do
    ln -s xenstore "usr/bin/xenstore-$c"
done

# Shared libraries, only from the unpacked packages (libs.sh checks that).
sh "$here/libs.sh" "$root" ".$tools/xl" ".$tools/xenstored" ".$tools/xenconsoled" \
    ".$tools/xen-init-dom0" usr/bin/xenstore >"$stage.libs" || die "shared libraries: see above"
while read -r path name; do
    cp -L "$path" ".$libdir/$name"
done <"$stage.libs"
rm -f "$stage.libs"
# glibc dlopens libgcc_s for pthread_cancel (xl uses it); ldd cannot see that.
cp -L "$root/lib/x86_64-linux-gnu/libgcc_s.so.1" ".$libdir/" || die "libgcc_s.so.1 missing (libgcc-s1)"
cp -L "$root/lib64/ld-linux-x86-64.so.2" ".$libdir/ld-linux-x86-64.so.2"
ln -s "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" usr/lib64/ld-linux-x86-64.so.2

# Kernel modules, flat, plain .ko, in the order of modules.list.
kdir=$(find "$root/lib/modules" -mindepth 2 -maxdepth 2 -name kernel -type d | head -n 1)
[ -n "$kdir" ] || die "no kernel modules in the unpacked kernel package"
sh "$here/../../common/kmod/install-modules.sh" "$kdir" usr/lib/modules "$here/modules.list" \
    "$here/modules-blkdev.list" || die "the kernel modules could not be installed"
grep -v '^#' "$here/modules.list" | grep . > etc/modules.order
# Loaded later, at blkdev's first use of the virtio disk (the list says why).
grep -v '^#' "$here/modules-blkdev.list" | grep . > etc/modules-blkdev.list

# Our files: /init, the job runner, xl.conf.
cp -R "$here/rootfs/." .
chmod 755 init usr/bin/bench-job etc/xen/scripts/block

find . -exec touch -h -d @0 {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
