#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Claim C6 on Xen, measured: one Xen boot in which domain d0 reads its
# disk (dom0's blkback) and calls the dom0 peer process, and has dom0
# break each in turn (blkback stalls, then is bound again; the peer is
# killed, then started again), while domains d1 and d2 time domU-domU
# round trips (xenside/guest/liability.c; xenside/README.md, "Liability
# inversion").
#
#   liability-xen.sh BUILD RUN_DIR
#
# Prints the C6 rows of system xen (liability.csv's columns
# system,server,failure,measure,value,unit,outcome; no header: the caller,
# scripts/liability.sh, writes it) on stdout, progress on stderr.  The
# boot's console goes to RUN_DIR/console-xen-liability.log.  The unit is
# the run's (RUN_DIR/meta.json): only tcg (insns) is supported, as the
# boot helper (xenside/dom0/boot.sh) runs QEMU under tcg only.  Exit 2
# with a one-line reason when anything is missing or goes wrong.
set -eu

die() {
    echo "liability-xen: $*" >&2
    exit 2
}
[ $# -eq 2 ] || die "usage: liability-xen.sh BUILD RUN_DIR"
BUILD=$(cd "$1" 2>/dev/null && pwd) || die "no build directory '$1'"
RUN=$(cd "$2" 2>/dev/null && pwd) || die "no run directory '$2'"
TOP=$(cd "$(dirname "$0")/.." && pwd)
XB=$BUILD/xenside
LOG=$RUN/console-xen-liability.log

[ -r "$RUN/meta.json" ] || die "no $RUN/meta.json"
unit=$(sed -n 's/.*"unit"[[:space:]]*:[[:space:]]*"\([a-z]*\)".*/\1/p' "$RUN/meta.json" | head -n 1)
case "$unit" in
insns) ;;
cycles) die "the run is in cycles (kvm): the Xen scenario boots under tcg only (xenside/dom0/boot.sh), its rows would be in insns" ;;
"") die "no \"unit\" in $RUN/meta.json" ;;
*) die "unknown unit '$unit' in $RUN/meta.json" ;;
esac

echo "liability-xen: building the guest and the dom0 peer" >&2
make -s -C "$TOP/xenside/guest" BUILD="$XB/guest" >&2 || die "building the Xen guest failed"
make -s -C "$TOP/xenside/dom0/peer" BUILD="$XB/peer" >&2 || die "building the dom0 peer failed"
GUEST=$XB/guest/xenguest.elf

echo "liability-xen: booting Xen (d0 role=liability, d1-d2 the bystander pair; ~1-2 min under tcg)" >&2
status=0
# Three domains: dom0 introduces no peers then, so each is told the
# others' domids, which a fresh boot gives in creation order (1, 2, 3).
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --domu "$GUEST" --domu "$GUEST" \
    --vdisk none --add "$XB/peer/wl-dom0-server=/usr/bin/wl-dom0-server" \
    --job 'bench.d0.extra="role=liability peer=2" bench.d0.faults=1' \
    --job 'bench.d1.extra="role=bystander peer=1 partner=3" bench.d2.extra="role=byserver peer=2"' \
    --job "bench.dom0peer=/usr/bin/wl-dom0-server bench.timeout=120" \
    --timeout 600 --log "$LOG" >/dev/null 2>"$RUN/console-xen-liability.err" || status=$?
if [ "$status" -ne 0 ]; then
    why=$(grep -a -m 1 '@@PANIC' "$LOG" 2>/dev/null || tail -n 1 "$RUN/console-xen-liability.err")
    die "the Xen boot failed (status $status): $why (log: $LOG)"
fi

# "@@LIAB server=S failure=F measure=M value=V outcome=TEXT" -> CSV, in
# the order the contract lists the measures; every row must be there once.
rows=$(awk -v unit="$unit" '
    function field(s, key,   i, rest) {
        i = index(s, " " key "=")
        if (!i) return "\001"
        rest = substr(s, i + length(key) + 2)
        if (key != "outcome") sub(/ .*/, "", rest)
        return rest
    }
    /^@@LIAB / {
        line = $0; gsub(/\r/, "", line)
        s = field(line, "server"); f = field(line, "failure"); m = field(line, "measure")
        v = field(line, "value"); o = field(line, "outcome")
        if (s == "\001" || f == "\001" || m == "\001" || v == "\001" || o == "\001" || o ~ /,/ ||
            v !~ /^[0-9]*$/) { print "bad line: " line > "/dev/stderr"; bad = 1; next }
        k = s "," f "," m
        if (k in row) { print "twice: " k > "/dev/stderr"; bad = 1 }
        u = m == "bystander_ok" ? "count" : unit
        row[k] = "xen," k "," v "," u "," o
    }
    END {
        n = split("blkback,stall dom0-peer,death", sf, " ")
        split("detect recover bystander_before bystander_during bystander_ok", ms, " ")
        for (i = 1; i <= n; i++)
            for (j = 1; j <= 5; j++) {
                k = sf[i] "," ms[j]
                if (!(k in row)) { print "missing: " k > "/dev/stderr"; bad = 1; continue }
                print row[k]
            }
        exit bad
    }' "$LOG") || die "the console's @@LIAB lines are incomplete or malformed (log: $LOG)"
printf '%s\n' "$rows"
echo "liability-xen: 10 rows (console: $LOG)" >&2
