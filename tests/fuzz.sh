# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, count, section, user_make, WORK, TOP,
# BUILD).  The microkernel's system-call fuzzer (ukernel/README.md,
# "Fuzzing"), through scripts/fuzz.sh and `make fuzz`: a short run of
# every class, the rare classes on their own, exact replay of a seed and
# of a part of a run, what a failure report says (the witness hurt, a
# kernel panic), and usage errors.

section "system-call fuzzer (ukernel)"
F=$WORK/fuzz
mkdir -p "$F"

# fuzz LABEL ARGS...: scripts/fuzz.sh on the uk kernel; its output in
# $F/LABEL.out, the console in $F/LABEL.log.
fuzz() {
    local label=$1
    shift
    sh "$TOP/scripts/fuzz.sh" --image "$BUILD/ukernel/ukernel.bin" --log "$F/$label.log" "$@" \
        >"$F/$label.out" 2>&1
}
# console LABEL REGEX: the console's matching lines, without carriage returns.
console() { tr -d '\r' <"$F/$1.log" | grep -a -- "$2"; }
# classes_ran LABEL NAME...: each named class made at least one call.
classes_ran() {
    local label=$1 name counts
    shift
    counts=$(console "$label" '^# fuzz: calls by class:') || return 1
    for name in "$@"; do
        case "$counts " in *" $name 0 "* | *" $name "[!0-9]*) return 1 ;; *" $name "[0-9]*) ;; *) return 1 ;; esac
    done
}

# 1. The short run `make test` promises: 100,000 calls of every class.
fuzz short --seed 1 --calls 100000
status=$?
check "fuzz: 100,000 calls of every class (seed 1): no kernel panic, hang or harm to the witness" \
    test "$status" -eq 0
[ "$status" -eq 0 ] || tail -15 "$F/short.out" | sed 's/^/#   /'
check "fuzz: the console ends with the summary line" \
    console short '^# fuzz: seed 1, 100000 calls, [0-9]* restarts, witness ok$'
check "fuzz: the kernel killed fuzz tasks and the root task started new ones" \
    console short '^# fuzz: [0-9]* fuzz tasks: [1-9][0-9]* killed'
check "fuzz: every class but the rarest (bigwrite) made calls" \
    classes_ran short nr slot addr len map ipc thread cap flood console shutdown random device huge top \
    bits prio exhaust
grep -aE '^# fuzz: (calls by class|[0-9]* fuzz tasks)' "$F/short.out" | sed 's/^/#   /'

# 2. The rare and extreme classes on their own.
fuzz rare --seed 2 --calls 3000 --classes bigwrite,exhaust,flood,top,huge
check "fuzz: the extreme classes alone (1 MiB writes, accounts run dry, floods, top page, huge unmaps)" \
    bash -c "test $? -eq 0 && $(declare -f console classes_ran); F='$F'; classes_ran rare bigwrite exhaust flood top huge"

# 3. A seed replays exactly; so does a part of a run (the calls, that is).
fuzz same1 --seed 5 --calls 20000
s1=$?
fuzz same2 --seed 5 --calls 20000
check "fuzz: two runs with the same seed give the same console, byte for byte" \
    bash -c "test $s1 -eq 0 -a $? -eq 0 && cmp '$F/same1.log' '$F/same2.log'"
fuzz whole --seed 5 --calls 15005 --trace 15000
fuzz part --seed 5 --from 15000 --calls 15005 --trace 15000
check "fuzz: from=15000 makes the same calls 15000..15004 as the whole run (trace=)" \
    bash -c "$(declare -f console); F='$F'
        test \$(console part '^# fuzz: call 150[0-9]*: \[' | wc -l) -eq 5 &&
        diff <(console whole '^# fuzz: call 150[0-9]*: \[') <(console part '^# fuzz: call 150[0-9]*: \[')"

# 4. Failures: the witness hurt (a bit flipped in its memory by the root
#    task, corrupt=), and a kernel panic (a QEMU that makes one up halfway).
fuzz corrupt --seed 3 --calls 20000 --corrupt 5000 --no-trace
status=$?
check "fuzz: harm to the witness fails the run, naming the seed, the call and its arguments" \
    bash -c "test $status -eq 1 &&
        grep -q '^@@PANIC fuzz: seed 3, call [0-9]*: \[[a-z]*\] .*: witness: pattern page' '$F/corrupt.out' &&
        grep -q 'replay: make fuzz SEED=3 CALLS=20000' '$F/corrupt.out'"
cat >"$F/qemu-panics" <<'EOF'
#!/bin/sh
# A QEMU whose guest stops at call 6000 of 12000 with a made-up kernel panic.
log=
n=$#
while [ "$n" -gt 0 ]; do
    a=$1
    shift
    n=$((n - 1))
    case $a in file:*) log=${a#file:} ;; esac
    case $a in *calls=12000*) a=$(echo "$a" | sed 's/calls=12000/calls=6000/') ;; esac
    set -- "$@" "$a"
done
qemu-system-x86_64 "$@"
printf '@@PANIC kernel page fault (made up by the test)\n' >>"$log"
exit 255
EOF
chmod +x "$F/qemu-panics"
FUZZ_QEMU=$F/qemu-panics fuzz panic --seed 4 --calls 12000
status=$?
check "fuzz: a kernel panic fails the run; a traced rerun names the last call started" \
    bash -c "test $status -eq 1 && grep -q 'FAILED: seed 4: kernel panic: kernel page fault' '$F/panic.out' &&
        grep -q '^fuzz: the last call started: call 5999: \[[a-z]*\] ' '$F/panic.out'"

# 5. Usage errors: the guest's own (an unknown class) and the script's.
fuzz badclass --calls 10 --classes default,nosuch
check "fuzz: an unknown class is a usage error that lists the classes" \
    bash -c "test $? -eq 2 && grep -q 'unknown fuzz class \"nosuch\"; the classes are all, default, nr,' '$F/badclass.out'"
fuzz badcalls --calls 1e6
check "fuzz: CALLS=1e6 is a usage error" \
    bash -c "test $? -eq 2 && grep -q 'CALLS must be a number' '$F/badcalls.out'"

# 6. make fuzz as a user types it, every knob.
user_make fuzz SEED=2 CALLS=20000 BUILD="$BUILD" >"$F/make.out" 2>&1
status=$?
check "make fuzz SEED=2 CALLS=20000 exits 0 with the summary line" \
    bash -c "test $status -eq 0 && grep -q '^# fuzz: seed 2, 20000 calls, [0-9]* restarts, witness ok' '$F/make.out'"
user_make fuzz SEED=2 FROM=300 CALLS=305 CLASSES="map ipc" TRACE=300 TIMEOUT=100 BUILD="$BUILD" \
    >"$F/make2.out" 2>&1
check "make fuzz: FROM=, CALLS=, CLASSES=, TRACE= reach the guest" \
    bash -c "grep -q '^fuzz: seed 2, calls 300..304, classes map,ipc' '$F/make2.out' &&
        test \$(tr -d '\r' <'$BUILD/fuzz.log' | grep -ac '^# fuzz: call 30[0-4]: \[\(map\|ipc\)\] ') -eq 5"
