#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Claim C7, counted: the interface each privileged component offers and the
# size of what a domain's I/O must trust, from the sources, Xen's public
# headers (libxen-dev) and the binaries the suite boots.
#
#   interface.sh BUILD OUTDIR
#
# Writes OUTDIR/interface.csv (columns component,kind,item,count,unit,source;
# scripts/README.md defines them) and OUTDIR/interface.txt, the same table
# aligned, which it also prints.  Reads BUILD only, never writes there.
# Every count must be a number and every size positive: a part of BUILD
# that is missing, or a count that comes out empty, is a one-line error.
set -eu

die() {
    echo "interface: $*" >&2
    exit 2
}
[ $# -eq 2 ] || die "usage: interface.sh BUILD OUTDIR"
BUILD=$(cd "$1" 2>/dev/null && pwd) || die "no build directory '$1'"
TOP=$(cd "$(dirname "$0")/.." && pwd)
XENINC=${XENINC:-/usr/include/xen} # tests point it elsewhere to see it fail
INITRAMFS=$BUILD/xenside/dom0/initramfs

# need PATH WHAT: a part the table is made from; its absence ends the run.
need() {
    [ -e "$1" ] || die "missing $1 ($2)"
}
need "$BUILD/ukernel/ukernel.size.json" "make build-ukernel"
need "$BUILD/ukernel/fp" "make build-ukernel"
need "$BUILD/xenside/xen.bin" "make build-xen"
need "$BUILD/xenside/vmlinux" "make build-xen"
need "$BUILD/xenside/guest/xenguest.elf" "make build-xen"
need "$BUILD/xenside/peer/wl-dom0-server" "make build-xen"
need "$INITRAMFS/usr/lib/xen-4.17/bin/xl" "make build-xen"
need "$BUILD/linux/vmlinux" "make build-linux"
need "$XENINC/xen.h" "Debian's libxen-dev: make deps"

OUT=$2
mkdir -p "$OUT" || die "cannot create '$OUT'"
CSV=$OUT/interface.csv
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "component,kind,item,count,unit,source" >"$TMP/csv"

# row COMPONENT KIND ITEM COUNT UNIT SOURCE: one line of the table; a count
# that is not a whole number (a failed pipeline) stops the run.
row() {
    case $4 in
    '' | *[!0-9]*) die "$1 $2 $3: no count ('$4') from $6" ;;
    esac
    printf '%s,%s,%s,%s,%s,%s\n' "$@" >>"$TMP/csv"
}
# text FILE...: bytes of text (code and read-only data) as binutils' size
# reports them, summed: the rule of the kernel's own size report
# (ukernel/size.sh), used for every binary so the rows compare.
text() {
    local n
    n=$(size -t "$@" | tail -n 1 | awk '{ print $1 }')
    [ "${n:-0}" -gt 0 ] 2>/dev/null || die "no text in $*"
    echo "$n"
}
# code_only FILE...: C and assembly sources with comments removed (the
# preprocessor's -fpreprocessed keeps macros and includes as written), so a
# name in a comment is not counted as used.
code_only() {
    local f
    for f in "$@"; do
        gcc -fpreprocessed -dD -E -P -x c "$f" 2>/dev/null || die "cannot read $f"
    done
}

# --- 1. the microkernel's system calls ----------------------------------------
ABI=ukernel/include/uk/abi.h
grep -E '^#define UK_SYS_[A-Z_]+ [0-9]+' "$TOP/$ABI" | awk '$2 != "UK_SYS_COUNT" { sub(/^UK_SYS_/, "", $2); print $2 }' >"$TMP/sys"
ARGS=ukernel/include/uk/abi-args.txt
[ -r "$TOP/$ARGS" ] || die "cannot read $ARGS"
grep -v '^#' "$TOP/$ARGS" | awk 'NF >= 3 { print $1, $2, $3 }' >"$TMP/args"
# Every call has its argument line and every argument line its call.
[ "$(cut -d' ' -f1 "$TMP/args" | sort)" = "$(sort "$TMP/sys")" ] ||
    die "$ARGS: its lines do not name exactly the UK_SYS_* calls of $ABI"
row ukernel syscalls all "$(wc -l <"$TMP/sys")" calls "$ABI"
while read -r name in out; do
    row ukernel args_in "$name" "$in" words "$ARGS"
    row ukernel args_out "$name" "$out" words "$ARGS"
done <"$TMP/args"
row ukernel args_in all "$(awk '{ s += $2 } END { print s }' "$TMP/args")" words "$ARGS"
row ukernel args_out all "$(awk '{ s += $3 } END { print s }' "$TMP/args")" words "$ARGS"

# --- 2. Xen's PV interface and what our side uses ----------------------------
# Hypercalls: the numbered __HYPERVISOR_* of xen.h, less the arch_0..7
# placeholders (x86 names one, mca, a dom0 machine-check call), the three
# *_compat numbers (older ABIs of sched_op, event_channel_op and physdev_op,
# counted under those names) and tmem_op (removed in Xen 4.13; the number
# stays reserved).
grep -E '^#define __HYPERVISOR_[a-z0-9_]+[[:space:]]+[0-9]+' "$XENINC/xen.h" |
    awk '{ sub(/^__HYPERVISOR_/, "", $2); print $2 }' |
    grep -vE '^arch_[0-9]$|_compat$|^tmem_op$' | sort >"$TMP/hcalls"
row xen hypercalls all "$(wc -l <"$TMP/hcalls")" calls "$XENINC/xen.h"

# Sub-operations of the multiplexed hypercalls: hypercall, header, prefix of
# its command names, and whether those names are lower case after the prefix
# (which keeps out flags and constants) or upper case (mmuext_op, mmu_update,
# xsm_op), and the names of commands nested in one of them, which are
# not counted (hvm_op's HVMOP_altp2m_*, sub-commands of HVMOP_altp2m).
# Counted: distinct numbers among "#define PREFIXname N" lines of that
# header, so a nested command that shares its number with a command
# (memory_op's XENMEM_paging_op_*, XENMEM_resource_*) adds nothing.
# domctl and sysctl, the toolstack's own interface (dom0 only), nest too
# deeply for this rule and are not counted.
SUBOPS="memory_op memory.h XENMEM_ lower
grant_table_op grant_table.h GNTTABOP_ lower
event_channel_op event_channel.h EVTCHNOP_ lower
sched_op sched.h SCHEDOP_ lower
physdev_op physdev.h PHYSDEVOP_ lower
vcpu_op vcpu.h VCPUOP_ lower
mmuext_op xen.h MMUEXT_ any
mmu_update xen.h MMU_ any
console_io xen.h CONSOLEIO_ lower
vm_assist xen.h VMASST_CMD_ lower
xen_version version.h XENVER_ lower
callback_op callback.h CALLBACKOP_ lower
nmi_op nmi.h XENNMI_ lower
hvm_op hvm/hvm_op.h HVMOP_ lower HVMOP_altp2m_
platform_op platform.h XENPF_ lower
kexec_op kexec.h KEXEC_CMD_ lower
dm_op hvm/dm_op.h XEN_DMOP_ lower
xenpmu_op pmu.h XENPMU_ lower
hypfs_op hypfs.h XEN_HYPFS_OP_ lower
argo_op argo.h XEN_ARGO_OP_ lower
xenoprof_op xenoprof.h XENOPROF_ lower
xsm_op xsm/flask_op.h FLASK_ any"
# commands HEADER PREFIX CASE [NESTED]: "NAME NUMBER" of each command.
commands() {
    local first='[a-z]'
    [ "$3" = any ] && first='[A-Za-z]'
    grep -E "^#define ${2}${first}[A-Za-z0-9_]*[[:space:]]+[0-9]+[[:space:]]*(/\\*.*)?\$" "$XENINC/$1" |
        awk -v nested="${4:-}" 'nested == "" || index($2, nested) != 1 { print $2, $3 }' || true
}
distinct() { awk '{ print $2 }' "$1" | sort -u | wc -l; }
: >"$TMP/multiplexed"
subops=0
while read -r hc header prefix case nested; do
    grep -qx "$hc" "$TMP/hcalls" || die "$hc is no hypercall in $XENINC/xen.h"
    commands "$header" "$prefix" "$case" "$nested" >"$TMP/cmd-$hc"
    n=$(distinct "$TMP/cmd-$hc")
    [ "$n" -gt 0 ] || die "no $prefix commands in $XENINC/$header"
    row xen subops "$hc" "$n" ops "$XENINC/$header"
    echo "$hc $prefix" >>"$TMP/multiplexed"
    subops=$((subops + n))
done <<<"$SUBOPS"
row xen subops all "$subops" ops "$XENINC"
# Operations: each sub-operation, and each hypercall that is not multiplexed
# (or whose commands are not counted: domctl, sysctl) once.
single=$(cut -d' ' -f1 "$TMP/multiplexed" | sort | comm -23 "$TMP/hcalls" - | wc -l)
row xen operations all $((single + subops)) ops "$XENINC"

# Our PV guest: the hypercalls its code names (__HYPERVISOR_*) and, per
# multiplexed one, the distinct numbers of the commands it names.
GUEST=xenside/guest
code_only "$TOP/$GUEST"/*.c "$TOP/$GUEST"/*.h "$TOP/$GUEST"/*.S >"$TMP/guest.i"
grep -oE '__HYPERVISOR_[a-z0-9_]+' "$TMP/guest.i" | sed 's/^__HYPERVISOR_//' | sort -u >"$TMP/guest-hcalls"
[ -s "$TMP/guest-hcalls" ] || die "no __HYPERVISOR_* in $GUEST"
comm -23 "$TMP/guest-hcalls" "$TMP/hcalls" >"$TMP/unknown"
[ ! -s "$TMP/unknown" ] || die "$GUEST uses hypercalls not counted for Xen: $(tr '\n' ' ' <"$TMP/unknown")"
row xen-guest hypercalls all "$(wc -l <"$TMP/guest-hcalls")" calls "$GUEST"
used_subops=0
while read -r hc prefix; do
    grep -qx "$hc" "$TMP/guest-hcalls" || continue
    grep -oE "\\b${prefix}[A-Za-z0-9_]+" "$TMP/guest.i" | sort -u >"$TMP/names"
    # Only names that are commands of this hypercall (not its flags).
    n=$(awk 'NR == FNR { used[$1] = 1; next } used[$1] { print $1, $2 }' "$TMP/names" "$TMP/cmd-$hc" >"$TMP/used-$hc" && distinct "$TMP/used-$hc")
    row xen-guest subops "$hc" "$n" ops "$GUEST"
    used_subops=$((used_subops + n))
done <"$TMP/multiplexed"
row xen-guest subops all "$used_subops" ops "$GUEST"
used_single=$(cut -d' ' -f1 "$TMP/multiplexed" | sort | comm -23 "$TMP/guest-hcalls" - | wc -l)
row xen-guest operations all $((used_single + used_subops)) ops "$GUEST"

# The dom0 peer: the library functions its binary imports, by the dom0
# library that defines them (libxenctrl, libxenevtchn, libxengnttab, ...).
PEER=$BUILD/xenside/peer/wl-dom0-server
nm -D --undefined-only "$PEER" | awk '{ sub(/@.*/, "", $2); print $2 }' | sort -u >"$TMP/imports"
total=0
for lib in "$INITRAMFS"/usr/lib/x86_64-linux-gnu/libxen*.so.*; do
    nm -D --defined-only "$lib" | awk '{ sub(/@.*/, "", $3); print $3 }' | sort -u >"$TMP/defs"
    n=$(comm -12 "$TMP/imports" "$TMP/defs" | wc -l)
    [ "$n" -gt 0 ] || continue
    name=$(basename "$lib")
    row dom0-peer lib_functions "${name%%.so*}" "$n" functions "BUILD/xenside/peer/wl-dom0-server"
    total=$((total + n))
done
[ "$total" -gt 0 ] || die "$PEER imports nothing from dom0's libxen*"
row dom0-peer lib_functions all "$total" functions "BUILD/xenside/peer/wl-dom0-server"

# --- 3. sizes -----------------------------------------------------------------
# The microkernel: its own objects (not the embedded user image), the
# objects ukernel/size.sh counts for ukernel.size.json.
find "$BUILD/ukernel/fp" -name '*.o' ! -name 'user_image.S.o' | sort >"$TMP/ukobjs"
# shellcheck disable=SC2046 # one object per line, no spaces in build paths
uk_text=$(text $(cat "$TMP/ukobjs"))
row ukernel text kernel "$uk_text" bytes "BUILD/ukernel/fp/**/*.o"
# Its lines: ukernel/Makefile's own list (SIZE_SRC and FASTPATH_SRC, what
# size.sh counts for the uk system), counted as size.sh counts: cat | wc -l.
# shellcheck disable=SC2016 # make expands these, not the shell
uk_src=$(make -s -C "$TOP/ukernel" BUILD="$TMP/none" --eval 'interface-src: ; @echo $(SIZE_SRC) $(FASTPATH_SRC)' interface-src) ||
    die "cannot read the kernel's source list from ukernel/Makefile"
# shellcheck disable=SC2086 # a list of file names
row ukernel lines kernel "$(cd "$TOP/ukernel" && cat $uk_src | wc -l)" lines "ukernel/Makefile SIZE_SRC FASTPATH_SRC"

row xen text xen.bin "$(text "$BUILD/xenside/xen.bin")" bytes "BUILD/xenside/xen.bin"
row dom0-kernel text vmlinux "$(text "$BUILD/xenside/vmlinux")" bytes "BUILD/xenside/vmlinux"

# dom0's modules: both lists, as loaded (names only, comments and
# parameters dropped), each .ko from dom0's image.
mods=$(sed -e 's/#.*//' "$TOP/xenside/dom0/modules.list" "$TOP/xenside/dom0/modules-blkdev.list" | awk 'NF { print $1 }')
modsum=0
for m in $mods; do
    ko=$INITRAMFS/usr/lib/modules/$m.ko
    need "$ko" "dom0 module $m: make build-xen"
    n=$(text "$ko")
    row dom0-modules text "$m" "$n" bytes "BUILD/xenside/dom0/initramfs/usr/lib/modules/$m.ko"
    modsum=$((modsum + n))
done
row dom0-modules text all "$modsum" bytes "xenside/dom0/modules.list modules-blkdev.list"

# dom0's toolstack: Xen's programs and libraries in dom0's image.
toolsum=0
for f in "$INITRAMFS"/usr/lib/xen-4.17/bin/* "$INITRAMFS"/usr/lib/x86_64-linux-gnu/libxen*.so.*; do
    n=$(text "$f")
    name=$(basename "$f")
    row dom0-toolstack text "${name%%.so*}" "$n" bytes "BUILD/xenside/dom0/initramfs${f#"$INITRAMFS"}"
    toolsum=$((toolsum + n))
done
row dom0-toolstack text all "$toolsum" bytes "BUILD/xenside/dom0/initramfs"

peer_text=$(text "$PEER")
row dom0-peer text wl-dom0-server "$peer_text" bytes "BUILD/xenside/peer/wl-dom0-server"
# shellcheck disable=SC2012 # plain file names
row dom0-peer lines sources "$(cat "$TOP"/xenside/dom0/peer/*.[ch] | wc -l)" lines "xenside/dom0/peer/*.[ch]"
row xen-guest text xenguest.elf "$(text "$BUILD/xenside/guest/xenguest.elf")" bytes "BUILD/xenside/guest/xenguest.elf"
row xen-guest lines sources "$(cat "$TOP/$GUEST"/*.[chS] | wc -l)" lines "$GUEST/*.[chS]"
row linux text vmlinux "$(text "$BUILD/linux/vmlinux")" bytes "BUILD/linux/vmlinux"

# The microkernel's block servers: unprivileged tasks (in the one user
# image), each trusted by its own clients only; their own objects (the
# shared request loop, blk_serve.h, is inlined into them).
USEROBJ=$BUILD/ukernel/user/user
need "$USEROBJ/virtioblk/virtioblk.c.o" "make build-ukernel"
need "$USEROBJ/ramdisk/ramdisk.c.o" "make build-ukernel"
driver_text=$(text "$USEROBJ/virtioblk/virtioblk.c.o")
row uk-servers text virtioblk "$driver_text" bytes "BUILD/ukernel/user/user/virtioblk/virtioblk.c.o"
row uk-servers text ramdisk "$(text "$USEROBJ/ramdisk/ramdisk.c.o")" bytes "BUILD/ukernel/user/user/ramdisk/ramdisk.c.o"
row uk-servers lines virtioblk "$(cat "$TOP"/ukernel/user/virtioblk/*.[ch] "$TOP/ukernel/user/blkserve/blk_serve.h" | wc -l)" lines \
    "ukernel/user/virtioblk/*.[ch] ukernel/user/blkserve/blk_serve.h"
row uk-servers lines ramdisk "$(cat "$TOP"/ukernel/user/ramdisk/*.[ch] "$TOP/ukernel/user/blkserve/blk_serve.h" | wc -l)" lines \
    "ukernel/user/ramdisk/*.[ch] ukernel/user/blkserve/blk_serve.h"

# What is trusted: on the microkernel by every task, the kernel; by a
# client of the disk, the kernel and the user-level virtio driver.  On Xen
# by a domU's I/O (and, dom0 being privileged, by every domain): the
# hypervisor, dom0's kernel, modules and toolstack, and the dom0 peer.
xen_text=$(text "$BUILD/xenside/xen.bin")
dom0_text=$(text "$BUILD/xenside/vmlinux")
row tcb text ukernel "$uk_text" bytes "ukernel text kernel"
row tcb text ukernel-disk-io $((uk_text + driver_text)) bytes "ukernel text kernel + uk-servers text virtioblk"
row tcb text xen-domU-io $((xen_text + dom0_text + modsum + toolsum + peer_text)) bytes \
    "xen + dom0-kernel + dom0-modules + dom0-toolstack + dom0-peer"

mv "$TMP/csv" "$CSV"
column -s, -t <"$CSV" >"$OUT/interface.txt"
cat "$OUT/interface.txt"
