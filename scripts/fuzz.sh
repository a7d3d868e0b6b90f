#!/bin/sh
# SPDX-License-Identifier: MIT
# Boots the microkernel's system-call fuzzer (ukernel/user/root/fuzz.h)
# under QEMU with the project's machine (common/qemu/flags.sh) and says
# how it went.  `make fuzz` runs it; tests/fuzz.sh too.
#
#   scripts/fuzz.sh --image FILE [--seed S] [--calls N] [--from I]
#                   [--classes LIST] [--trace I] [--corrupt I]
#                   [--timeout SECONDS] [--log FILE] [--no-trace]
#
# Prints the guest's progress now and then, and its summary.  Exits 0 if
# the guest ended with "witness ok" and powered off cleanly, 2 for a usage
# error, 1 for any failure, with the seed, the call and how to replay it:
#   - a failure the root task saw (a wrong result, the witness hurt): its
#     "@@PANIC fuzz:" line names the call;
#   - a kernel panic, a hang (no progress line for SILENCE seconds, or no
#     result within --timeout) or an unexpected end: the run is repeated
#     with trace= from the last progress line, which prints each call
#     before it runs, and the last call started is named (--no-trace skips
#     the repeat).
# The console goes to --log (default: a file in $TMPDIR, named at the end).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/common/qemu/flags.sh"
QEMU=${FUZZ_QEMU:-qemu-system-x86_64} # tests put a fake QEMU here
SILENCE=120                           # seconds without progress: a hang

usage() {
    echo "fuzz: $*" >&2
    echo "usage: scripts/fuzz.sh --image FILE [--seed S] [--calls N] [--from I] [--classes LIST]" >&2
    echo "       [--trace I] [--corrupt I] [--timeout SECONDS] [--log FILE] [--no-trace]" >&2
    exit 2
}

image="" seed=1 calls=1000000 from=0 classes="" trace="" corrupt="" timeout="" log="" retrace=1
while [ $# -gt 0 ]; do
    case $1 in
    --no-trace)
        retrace=0
        shift
        continue
        ;;
    --image | --seed | --calls | --from | --classes | --trace | --corrupt | --timeout | --log)
        [ $# -ge 2 ] || usage "$1 needs a value" ;;
    *) usage "unknown argument \"$1\"" ;;
    esac
    case $1 in
    --image) image=$2 ;; --seed) seed=$2 ;; --calls) calls=$2 ;; --from) from=$2 ;;
    --classes) classes=$2 ;; --trace) trace=$2 ;; --corrupt) corrupt=$2 ;;
    --timeout) timeout=$2 ;; --log) log=$2 ;;
    esac
    shift 2
done

number() { # NAME VALUE [MIN]: a decimal number of at most 19 digits
    case $2 in
    "" | *[!0-9]* | ????????????????????*) usage "$1 must be a number, not \"$2\"" ;;
    esac
    [ "$2" -ge "${3:-0}" ] || usage "$1 must be at least ${3:-0}, not $2"
}
[ -n "$image" ] || usage "--image is required"
[ -r "$image" ] || usage "no kernel image $image (build it: make -C ukernel)"
number SEED "$seed"
number CALLS "$calls" 1
number FROM "$from"
[ "$from" -lt "$calls" ] || usage "FROM ($from) must be below CALLS ($calls)"
[ -z "$trace" ] || number TRACE "$trace"
[ -z "$corrupt" ] || number CORRUPT "$corrupt"
case $classes in *[!a-z,-]*) usage "CLASSES is a list of names like default,top,-flood, not \"$classes\"" ;; esac
# About 80,000 calls a second under TCG here; the limit allows a tenth of that.
[ -n "$timeout" ] || timeout=$((60 + (calls - from) / 5000))
number TIMEOUT "$timeout" 1
[ -n "$log" ] || log=${TMPDIR:-/tmp}/fuzz-seed$seed-$$.log
mkdir -p "$(dirname "$log")" || usage "cannot make the directory of $log"

words="fuzz seed=$seed calls=$calls"
[ "$from" -eq 0 ] || words="$words from=$from"
[ -z "$classes" ] || words="$words classes=$classes"
[ -z "$corrupt" ] || words="$words corrupt=$corrupt"
replay="make fuzz SEED=$seed CALLS=$calls"
[ "$from" -eq 0 ] || replay="$replay FROM=$from"
[ -z "$classes" ] || replay="$replay CLASSES=$classes"

# boot LOG WORDS: run the guest with that command line; sets status
# (QEMU's, or "hang" with the reason in $hang).
boot() {
    boot_log=$1
    shift
    : >"$boot_log"
    # shellcheck disable=SC2086 # flags.sh's argument lists are split on purpose
    "$QEMU" $QEMU_MACHINE_ARGS -serial "file:$boot_log" $QEMU_TCG_ARGS -cpu "$QEMU_TCG_CPU" \
        -kernel "$image" -append "$*" >/dev/null 2>&1 &
    pid=$!
    seen="" quiet=0 elapsed=0 shown=0
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        elapsed=$((elapsed + 1))
        now=$(tail -c 65536 "$boot_log" | tr -d '\r' | grep -a '^# fuzz: call [0-9]*: [0-9]' | tail -1)
        if [ "$now" != "$seen" ]; then
            seen=$now quiet=0
        else
            quiet=$((quiet + 1))
        fi
        if [ -n "$now" ] && [ $((elapsed - shown)) -ge 10 ]; then
            echo "$now"
            shown=$elapsed
        fi
        if [ "$quiet" -ge "$SILENCE" ] || [ "$elapsed" -ge "$timeout" ]; then
            kill "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            status=hang
            hang="no progress line for $quiet s"
            [ "$elapsed" -lt "$timeout" ] || hang="no result within the time limit, $timeout s"
            return
        fi
    done
    wait "$pid"
    status=$?
}

# The console without carriage returns; the guest's lines of interest.
lines() { tr -d '\r' <"$1" | grep -a "$2"; }

echo "fuzz: seed $seed, calls $from..$((calls - 1))${classes:+, classes $classes}; console: $log"
boot "$log" "$words${trace:+ trace=$trace}"
summary="^# fuzz: seed $seed, $((calls - from)) calls, [0-9]* restarts, witness ok"
if [ "$status" = 1 ] && lines "$log" "$summary" >/dev/null; then
    lines "$log" '^# fuzz: [0-9]* fuzz tasks'
    lines "$log" '^# fuzz: calls by class'
    lines "$log" "$summary"
    exit 0
fi
if [ "$status" = 5 ]; then # the guest's EXIT_USAGE: it said why
    lines "$log" '@@PANIC root' | sed 's/^@@PANIC root: /fuzz: /' >&2
    exit 2
fi
if lines "$log" '^@@PANIC fuzz:' >/dev/null; then
    lines "$log" '^@@PANIC fuzz:'
    echo "fuzz: FAILED: seed $seed; replay: $replay"
    exit 1
fi

# A kernel panic, a hang, or an end without a result.
if lines "$log" '@@PANIC' >/dev/null; then
    what="kernel panic: $(lines "$log" '@@PANIC' | head -1 | sed 's/.*@@PANIC //')"
elif [ "$status" = hang ]; then
    what="hang: $hang"
else
    what="QEMU ended with status $status and no result"
fi
last=$(lines "$log" '^# fuzz: call [0-9]*: [0-9]' | tail -1 | sed 's/^# fuzz: call \([0-9]*\):.*/\1/')
from_call=${last:-$from}
echo "fuzz: FAILED: seed $seed: $what"
echo "fuzz: after call $from_call (${last:+the last progress line}${last:-the first call}); console: $log"
if [ "$retrace" -eq 1 ]; then
    echo "fuzz: repeating the run with trace=$from_call to name the call..."
    boot "$log.trace" "$words trace=$from_call"
    call=$(lines "$log.trace" '^# fuzz: call [0-9]*: \[' | tail -1 | sed 's/^# fuzz: //')
    if [ -n "$call" ] && ! lines "$log.trace" "$summary" >/dev/null; then
        echo "fuzz: the last call started: $call"
    else
        echo "fuzz: the traced run went otherwise (${call:-no call traced}); console: $log.trace"
    fi
fi
echo "fuzz: replay: $replay TRACE=$from_call"
exit 1
