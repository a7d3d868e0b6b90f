#!/bin/sh
# SPDX-License-Identifier: MIT
# Boot Xen + dom0 under QEMU by hand, the way bench-run does.
#
# Why this exists: to try a domU kernel, or dom0 itself, without the
# harness: same machine, TCG flags and Xen and dom0 command lines as a
# bench run (common/qemu/flags.sh), same Xen recipe (DESIGN.md), serial
# console on stdout, QEMU's exit status at the end.
#
#   boot.sh [options] [-- extra QEMU arguments]
#     --build DIR      build root of the Xen side (default: build/xenside)
#     --domu FILE      add FILE to dom0 as /domu/<name> and create a domain
#                      from it (repeatable: d0, d1, ...)
#     --add SRC=DEST   add file SRC to dom0 as DEST (repeatable; e.g. a dom0
#                      peer program, or a replacement /usr/bin/bench-job)
#     --extra STRING   the domains' command line (start_info->cmd_line)
#     --disk DEV       d0's disk xvda: dom0's block device DEV behind
#                      blkback, as the harness gives it (default /dev/ram0;
#                      "none": no disk)
#     --vdisk DEV      d0's second disk xvdb likewise (bench.d0.vdisk;
#                      default /dev/vda, QEMU's virtio disk; "none": none)
#     --no-qemu-disk   boot without QEMU's virtio disk (by default every
#                      boot gets it, as in the harness: a fresh sparse
#                      file of QEMU_DISK_MIB MiB in the boot's scratch
#                      directory, QEMU_DISK_DRIVE and QEMU_DISK_DEVICE of
#                      common/qemu/flags.sh)
#     --job WORDS      more bench.* words for dom0 (README.md), e.g.
#                      "bench.timeout=30 bench.d1.extra=role=server"
#     --xen-args WORDS more words for Xen's command line (e.g. loglvl=all)
#     --log FILE       console log (default: build/xenside/boot/<id>/console.log)
#     --timeout S      wall-clock limit for QEMU (default 900)
#     --ts             prefix each console line with wall seconds since start
#
# Exit status 0 when QEMU exited with 1 (dom0 reported success).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../../common/qemu/flags.sh
. "$top/common/qemu/flags.sh"
build=$top/build/xenside
domus="" adds="" extra="" disk=/dev/ram0 vdisk=/dev/vda qemu_disk=1 job="" xen_args="" log="" timeout=900 ts=0

die() { echo "boot.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --domu) [ -r "$2" ] || die "cannot read $2"; domus="$domus $(realpath "$2")"; shift 2 ;;
    --add) [ -r "${2%%=*}" ] || die "cannot read ${2%%=*}"
        adds="$adds $(realpath "${2%%=*}")=${2#*=}"; shift 2 ;;
    --extra) extra=$2; shift 2 ;;
    --disk) disk=$2; shift 2 ;;
    --vdisk) vdisk=$2; shift 2 ;;
    --no-qemu-disk) qemu_disk=0; shift ;;
    --job) job="$job $2"; shift 2 ;;
    --xen-args) xen_args="$xen_args $2"; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --ts) ts=1; shift ;;
    --) shift; break ;;
    -h | --help) sed -n '/^#   boot.sh/,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
    esac
done
build=$(mkdir -p "$build" && cd "$build" && pwd)

make -s -C "$here" BUILD="$build" >&2 || die "building the dom0 images failed"

# Per-boot scratch, so several boot.sh can share one build directory.
mkdir -p "$build/boot"
run=$(mktemp -d "$build/boot/XXXXXX")
trap 'rm -f "$run/initrd.gz" "$run/disk.img"' EXIT
# timeout(1) runs QEMU in its own process group, away from the terminal's
# ^C: pass the signal on (timeout forwards it to QEMU).
qemu=
trap '[ -n "$qemu" ] && kill "$qemu" 2>/dev/null; exit 130' INT TERM
[ -n "$log" ] || log=$run/console.log

# dom0's command line: console on Xen's console, then the job.
cmdline=$QEMU_DOM0_CMDLINE
initrd=$build/dom0-initrd.gz
specs=$adds
if [ -n "$domus" ]; then
    i=0
    for f in $domus; do
        name=$(basename "$f")
        specs="$specs $f=/domu/$name"
        cmdline="$cmdline bench.d$i.kernel=/domu/$name"
        i=$((i + 1))
    done
    cmdline="$cmdline bench.domains=$i"
    [ "$disk" = none ] || cmdline="$cmdline bench.d0.disk=$disk"
    [ "$vdisk" = none ] || cmdline="$cmdline bench.d0.vdisk=$vdisk"
fi
if [ -n "$specs" ]; then
    # A variant: the cached base plus the new files (addfiles.sh).
    initrd=$run/initrd.gz
    # shellcheck disable=SC2086
    sh "$here/addfiles.sh" "$build/dom0-initrd.gz" "$initrd" $specs
fi
[ -n "$extra" ] && cmdline="$cmdline bench.extra=\"$extra\""
cmdline="$cmdline$job"

# QEMU's virtio disk, a fresh sparse file per boot (flags.sh, qemu_disk).
if [ $qemu_disk = 1 ]; then
    drive=$(qemu_disk "$run/disk.img") || die "cannot make the disk file $run/disk.img"
    set -- -drive "file=$run/disk.img,$drive" -device "$QEMU_DISK_DEVICE" "$@"
fi

# QEMU splits -initrd at ',' and reads ",," as a literal comma.
escape() { printf '%s' "$1" | sed 's/,/,,/g'; }
modules="$(escape "$build/vmlinux $cmdline"),$(escape "$initrd")"

: >"$log"
# shellcheck disable=SC2086 # flags.sh's argument lists are split on purpose
set -- qemu-system-x86_64 $QEMU_MACHINE_ARGS -serial "file:$log" \
    $QEMU_TCG_ARGS -cpu "$QEMU_TCG_CPU" \
    -kernel "$build/xen.bin" -append "$QEMU_XEN_CMDLINE$xen_args" \
    -initrd "$modules" "$@"
echo "boot.sh: dom0 command line: $cmdline" >&2
echo "boot.sh: console log: $log" >&2

timeout -k 2 "$timeout" "$@" &
qemu=$!
if [ $ts = 1 ]; then
    tail -n +1 -f --pid=$qemu "$log" |
        perl -MTime::HiRes=time -e '$t0 = time; $| = 1;
            while (<STDIN>) { printf "[%7.2f] %s", time - $t0, $_ }'
else
    tail -n +1 -f --pid=$qemu "$log"
fi &
relay=$!
status=0
wait $qemu || status=$?
wait $relay || :
case $status in
1) echo "boot.sh: qemu exit status 1 (dom0: success)" >&2; exit 0 ;;
124) echo "boot.sh: timeout after $timeout s" >&2 ;;
*) echo "boot.sh: qemu exit status $status" >&2 ;;
esac
exit 1
