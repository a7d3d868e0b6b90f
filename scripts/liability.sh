#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Claim C6, measured: what a failing server costs its client and everyone
# else, on the microkernel (the root task's "liability" boot mode,
# ukernel/user/root/liability.h) and on Xen (scripts/liability-xen.sh,
# when it is there), in the run's mode and unit.
#
#   liability.sh BUILD RUN_DIR
#
# Boots BUILD/ukernel/ukernel.bin once with the project's machine
# (common/qemu/flags.sh: the virtio disk a fresh sparse file; tcg with
# icount, or kvm, as RUN_DIR/meta.json's mode says), collects its
# "# liability: row" lines, then runs scripts/liability-xen.sh BUILD
# RUN_DIR if it is executable (rows without header on its stdout) and
# writes RUN_DIR/liability.csv:
#   system,server,failure,measure,value,unit,outcome
# (scripts/README.md says what each measure is).  The file is written
# whole or not at all (a temporary file in RUN_DIR, renamed).  The
# microkernel's console goes to RUN_DIR/console-uk-liability.log.
# Progress on stderr.  Exit 0 when written, 1 when a scenario failed (the
# guest's @@PANIC line says why), 2 for bad input.
#
# Environment (for tests and partial runs):
#   LIABILITY_SYSTEMS  comma list among uk,xen (default both; other
#                      names, as in make's SYSTEMS=, are ignored)
#   LIABILITY_WORDS    more words for the guest's command line, e.g.
#                      "servers=ramdisk restart=0" (a broken scenario)
#   LIABILITY_TIMEOUT  wall-clock seconds for the boot (default 300)
#   LIABILITY_QEMU     the QEMU binary (default qemu-system-x86_64)
set -u

die() {
    echo "liability: $*" >&2
    exit 2
}
fail() {
    echo "liability: FAILED: $*" >&2
    exit 1
}
[ $# -eq 2 ] || die "usage: scripts/liability.sh BUILD RUN_DIR"
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" 2>/dev/null && pwd) || die "no build directory '$1'"
RUN=$(cd "$2" 2>/dev/null && pwd) || die "no run directory '$2'"
IMAGE=$BUILD/ukernel/ukernel.bin
QEMU=${LIABILITY_QEMU:-qemu-system-x86_64}
LIMIT=${LIABILITY_TIMEOUT:-300}
case $LIMIT in '' | *[!0-9]* | 0) die "LIABILITY_TIMEOUT must be a positive number of seconds, not '$LIMIT'" ;; esac
# shellcheck source-path=SCRIPTDIR source=../common/qemu/flags.sh
. "$TOP/common/qemu/flags.sh"

# The run's mode and unit: the table's numbers must be in the run's unit.
META=$RUN/meta.json
[ -r "$META" ] || die "$RUN is not a run directory (no meta.json)"
mode=$(jq -r '.mode // ""' "$META" 2>/dev/null) || die "$META is not JSON"
unit=$(jq -r '.unit // ""' "$META")
case $mode/$unit in
tcg/insns)
    accel=$QEMU_TCG_ARGS cpu=$QEMU_TCG_CPU
    ;;
kvm/cycles)
    [ -w /dev/kvm ] || die "the run is in kvm mode but /dev/kvm is not usable here"
    accel=$QEMU_KVM_ARGS cpu=$QEMU_KVM_CPU
    ;;
*) die "$META: mode and unit must be tcg/insns or kvm/cycles, not '$mode/$unit'" ;;
esac

# Which systems: uk and xen are the ones with a scenario.
want_uk=1 want_xen=1
if [ -n "${LIABILITY_SYSTEMS:-}" ]; then
    want_uk=0 want_xen=0
    for s in $(echo "$LIABILITY_SYSTEMS" | tr ',' ' '); do
        case $s in uk) want_uk=1 ;; xen) want_xen=1 ;; esac
    done
    [ $((want_uk + want_xen)) -gt 0 ] ||
        die "no system with a liability scenario (uk, xen) in '$LIABILITY_SYSTEMS'"
fi
XEN=$TOP/scripts/liability-xen.sh
[ "$want_xen" -eq 0 ] || [ -x "$XEN" ] || {
    echo "liability: xen: no executable $XEN; the table has the microkernel's rows only" >&2
    want_xen=0
}
# Xen's scenario boots through xenside/dom0/boot.sh, which runs tcg only:
# under kvm the table has the microkernel's rows, and says why.
[ "$want_xen" -eq 0 ] || [ "$unit" = insns ] || {
    echo "liability: xen: not measured in kvm mode (its scenario boots under tcg only: scripts/liability-xen.sh); the table has the microkernel's rows only" >&2
    want_xen=0
}
[ "$want_uk" -eq 0 ] || [ -r "$IMAGE" ] || die "no microkernel image $IMAGE (make build-ukernel)"

TMP=$(mktemp -d "$RUN/.liability.XXXXXX") || die "cannot write in $RUN"
trap 'rm -rf "$TMP"' EXIT
echo "system,server,failure,measure,value,unit,outcome" >"$TMP/csv"

# check_rows SYSTEM FILE: every line a row of SYSTEM with seven fields, a
# known measure, a value that is a whole number (or empty where the
# contract allows it) in the run's unit (count for bystander_ok).
check_rows() {
    awk -F, -v sys="$1" -v unit="$unit" '
        NF != 7 { print "a row without seven fields: " $0; bad = 1; next }
        $1 != sys { print "a row of system \"" $1 "\", not " sys ": " $0; bad = 1; next }
        $4 !~ /^(detect|recover|bystander_before|bystander_during|bystander_ok)$/ {
            print "unknown measure \"" $4 "\": " $0; bad = 1; next }
        $5 !~ /^[0-9]*$/ || ($5 == "" && $4 !~ /^(detect|recover)$/) {
            print "value \"" $5 "\" is not a whole number: " $0; bad = 1; next }
        $6 != ($4 == "bystander_ok" ? "count" : unit) {
            print "unit \"" $6 "\" where the run is in " unit ": " $0; bad = 1; next }
        { n++ }
        END { if (!n && !bad) print "no rows"; exit bad || !n }' "$2"
}

if [ "$want_uk" -eq 1 ]; then
    LOG=$RUN/console-uk-liability.log
    # The disk every boot has (flags.sh), fresh.
    disk=$TMP/disk.img
    drive=$(qemu_disk "$disk") || die "cannot make the disk file in $RUN"
    words="liability unit=$unit${LIABILITY_WORDS:+ $LIABILITY_WORDS}"
    echo "liability: uk: booting $IMAGE ($mode, $unit): $words" >&2
    # shellcheck disable=SC2086 # flags.sh's argument lists are split on purpose
    timeout -k 5 "$LIMIT" "$QEMU" $QEMU_MACHINE_ARGS -serial "file:$TMP/console" $accel \
        -cpu "$cpu" -kernel "$IMAGE" -append "$words" \
        -drive "file=$disk,$drive" -device "$QEMU_DISK_DEVICE" >"$TMP/qemu.err" 2>&1
    status=$?
    tr -d '\r' <"$TMP/console" >"$LOG" 2>/dev/null
    grep -a '^# liability: [a-z]*: detect' "$LOG" | sed 's/^# /  /' >&2
    if grep -aq '@@PANIC' "$LOG"; then
        # isa-debug-exit: 5 is the guest's EXIT_USAGE (a bad LIABILITY_WORDS)
        [ "$status" -ne 5 ] || die "uk: $(grep -a '@@PANIC' "$LOG" | head -n 1 | sed 's/.*@@PANIC //')"
        fail "uk: $(grep -a '@@PANIC' "$LOG" | head -n 1 | sed 's/.*@@PANIC //') (console: $LOG)"
    fi
    [ "$status" -ne 124 ] || fail "uk: no result within $LIMIT s (console: $LOG)"
    # isa-debug-exit: status 1 is the guest's "success".
    if [ "$status" -ne 1 ] || ! grep -aqx '# liability: ok' "$LOG"; then
        fail "uk: QEMU ended with status $status without '# liability: ok' (console: $LOG; $(head -c 200 "$TMP/qemu.err"))"
    fi
    grep -a '^# liability: row ' "$LOG" | sed 's/^# liability: row //' >"$TMP/uk"
    why=$(check_rows uk "$TMP/uk") || fail "uk: $why (console: $LOG)"
    cat "$TMP/uk" >>"$TMP/csv"
    echo "liability: uk: $(wc -l <"$TMP/uk") rows" >&2
fi

if [ "$want_xen" -eq 1 ]; then
    echo "liability: xen: $XEN" >&2
    "$XEN" "$BUILD" "$RUN" >"$TMP/xen" || fail "xen: $XEN exited with status $? (see above)"
    why=$(check_rows xen "$TMP/xen") || fail "xen: $why"
    cat "$TMP/xen" >>"$TMP/csv"
    echo "liability: xen: $(wc -l <"$TMP/xen") rows" >&2
fi

# A run measured for one system (LIABILITY_SYSTEMS, make's SYSTEMS=) keeps
# the other system's rows of an earlier table of this run, if it has the
# same header and unit: the table stays whole.
kept=
for s in uk xen; do
    want=want_$s
    if [ "${!want}" -ne 0 ] || [ ! -r "$RUN/liability.csv" ]; then continue; fi
    head -n 1 "$RUN/liability.csv" | cmp -s - <(head -n 1 "$TMP/csv") || continue
    awk -F, -v sys="$s" -v unit="$unit" 'NR > 1 && $1 == sys && ($6 == unit || $6 == "count")' \
        "$RUN/liability.csv" >"$TMP/keep"
    [ -s "$TMP/keep" ] || continue
    cat "$TMP/keep" >>"$TMP/csv"
    kept="$kept $s"
done
[ -z "$kept" ] || echo "liability: kept the earlier rows of:$kept" >&2

mv -f "$TMP/csv" "$RUN/liability.csv" || die "cannot write $RUN/liability.csv"
echo "liability: wrote $RUN/liability.csv ($(($(wc -l <"$RUN/liability.csv") - 1)) rows, $unit)" >&2
