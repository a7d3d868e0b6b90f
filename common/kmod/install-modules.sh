#!/bin/sh
# SPDX-License-Identifier: MIT
# Copy kernel modules into an initramfs in load order, checking the order:
#
#   install-modules.sh SRC DEST LIST...
#
# Each LIST names one module per line ("NAME [PARAMS...]"; "#" lines and
# blank lines skipped), the lists together in the order they are loaded
# (the native Linux image's and dom0's: modules.list at boot, then
# modules-blkdev.list when the virtio disk is first needed).  Each
# NAME.ko is looked up under SRC (a flat directory or a kernel's module
# tree) and copied to DEST/NAME.ko.  A module whose "depends=" (its
# .modinfo: what depmod would put in modules.dep) names a module not
# loaded before it is an error, as is a missing one: Debian's kernel
# package ships no modules.dep we could trust for our subset.
set -eu
[ $# -ge 3 ] || { echo "usage: install-modules.sh SRC DEST LIST..." >&2; exit 2; }
src=$1 dest=$2
shift 2
die() { echo "install-modules: $*" >&2; exit 1; }
loaded=" "
cat "$@" | grep -v '^#' | while read -r m _params; do
    [ -n "$m" ] || continue
    ko=$(find "$src" -name "$m.ko" | head -n 1)
    [ -n "$ko" ] || die "kernel module $m.ko not found under $src"
    deps=$(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
    for d in $deps; do
        case "$loaded" in *" $d "*) ;; *) die "module $m needs $d, which no list ($*) loads before it" ;; esac
    done
    cp "$ko" "$dest/$m.ko"
    loaded="$loaded$m "
done
