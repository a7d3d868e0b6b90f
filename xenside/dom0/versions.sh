#!/bin/sh
# SPDX-License-Identifier: MIT
# Write versions.json: the exact Debian versions inside the Xen system.
#
# Why this exists: results must say which Xen, which dom0 kernel and which
# busybox produced them; the harness copies this file into meta.json.
#
#   versions.sh LOCK OUT
set -eu

lock=$1 out=$2

field() { awk -v r="$1" -v f="$2" '$1 == r { print $f; exit }' "$lock"; }

kpkg=$(field kernel 2)
cat >"$out.tmp" <<EOF
{
  "xen": { "package": "$(field xen 2)", "version": "$(field xen 3)" },
  "xen_tools": { "package": "$(field tools 2)", "version": "$(field tools 3)" },
  "dom0_kernel": { "package": "$kpkg", "version": "$(field kernel 3)", "release": "${kpkg#linux-image-}" },
  "busybox": { "package": "$(field busybox 2)", "version": "$(field busybox 3)" }
}
EOF
mv "$out.tmp" "$out"
