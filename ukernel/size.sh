#!/bin/sh
# SPDX-License-Identifier: MIT
# Describe the kernel's size for the results: bytes of code, data and bss
# of the kernel's own objects (not the embedded user image) and lines of
# its source (boot, arch, kernel, lib, common/freestanding and the ABI
# header).
#   size.sh OUT.json OBJECT... -- SOURCE...
set -eu
out=$1
shift
objs=""
while [ "$1" != "--" ]; do
    objs="$objs $1"
    shift
done
shift
# shellcheck disable=SC2046,SC2086 # split into words on purpose
set -- $(size -t $objs | tail -n 1) "$@"
text=$1 data=$2 bss=$3
shift 6
lines=$(cat "$@" | wc -l)
printf '{"text_bytes": %s, "data_bytes": %s, "bss_bytes": %s, "source_lines": %s, "source_files": %s, "counts": "kernel objects and sources only (boot, arch, kernel, lib, common/freestanding, ABI header); the embedded user image is not counted"}\n' \
    "$text" "$data" "$bss" "$lines" "$#" >"$out"
