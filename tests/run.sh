#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test of the suite and ends with "N passed, N failed".
#
#   tests/run.sh BUILD_DIR
#
# Suites: the harness's cmocka unit tests; the microkernel's self-tests
# (both kernel builds, with SMEP/SMAP on and off); end-to-end runs of the
# harness on the real kernels (records, results directory, determinism,
# plausibility, failure reporting); the plot script.  Each test prints a
# TAP line ("ok ..." / "not ok ..."); this script counts them.
set -u
BUILD=$(cd "${1:-build}" && pwd) || exit 2
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/common/qemu/flags.sh" # QEMU_*: the machine every boot uses
BENCH_RUN=$BUILD/harness/bench-run
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
pass=0
fail=0

# Echo TAP lines from stdin and count them.
count() {
    local line
    while IFS= read -r line; do
        printf '%s\n' "$line"
        case "$line" in
        "ok "*) pass=$((pass + 1)) ;;
        "not ok "*) fail=$((fail + 1)) ;;
        esac
    done
}

# check NAME COMMAND...: one TAP line for a command's success.
check() {
    local name=$1
    shift
    if "$@" >"$WORK/check.out" 2>&1; then
        count <<<"ok - $name"
    else
        count <<<"not ok - $name"
        sed 's/^/#   /' "$WORK/check.out" | tail -20
    fi
}

section() { printf '# --- %s\n' "$*"; }

# csv [-v NAME=VALUE]... PROGRAM FILE...: awk over the harness's CSV files
# with columns named by their header: $c["median"], $c["payload"], ...
csv() {
    local vars=()
    while [ "$1" = -v ]; do
        vars+=(-v "$2")
        shift 2
    done
    local prog=$1
    shift
    awk -F, "${vars[@]}" "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } $prog" "$@"
}

# make as a user types it: not as a child of the make that runs the tests
# (tests/knobs.sh, tests/fuzz.sh).
user_make() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make -C "$TOP" "$@"
}

# --- harness unit tests ------------------------------------------------------
section "harness unit tests (cmocka)"
make -s -C "$TOP/tests/unit" BUILD="$BUILD/tests" HARNESS_BUILD="$BUILD/harness" run >"$WORK/unit.out" 2>&1
status=$?
count <"$WORK/unit.out"
# A unit binary that does not build prints no TAP line: its status counts.
check "the unit test runner exits 0" test "$status" -eq 0

# --- microkernel self-tests --------------------------------------------------
# Boot a kernel with "selftest"; its TAP lines count, and so does the boot.
selftest_boot() {
    local image=$1 cpu=$2 label=$3 log="$WORK/selftest-$3.log" disk="$WORK/selftest-disk.img"
    # The virtio disk every boot has (flags.sh), a fresh sparse file per boot: the
    # driver's self-tests use it.
    local drive
    drive=$(qemu_disk "$disk") || return 1
    # The bench machine and TCG flags; the CPU model is the caller's (SMEP/SMAP on or off).
    # shellcheck disable=SC2086 # flags.sh's argument lists are split on purpose
    timeout 120 qemu-system-x86_64 $QEMU_MACHINE_ARGS -serial "file:$log" $QEMU_TCG_ARGS \
        -cpu "$cpu" -kernel "$image" -append selftest \
        -drive "file=$disk,$drive" -device "$QEMU_DISK_DEVICE" >/dev/null 2>&1
    local status=$?
    count < <(grep -aE '^(ok|not ok) ' "$log" | sed "s/^\(\(not \)\{0,1\}ok [0-9]*\) - /\1 - $label: /")
    if [ "$status" -eq 1 ] && grep -aq '^# selftest: [0-9]* passed, 0 failed' "$log"; then
        count <<<"ok - $label: kernel ran every self-test and powered off cleanly"
    else
        count <<<"not ok - $label: kernel boot failed (QEMU status $status)"
        grep -av '^@@BENCH' "$log" | tail -15 | sed 's/^/#   /'
    fi
}
section "microkernel self-tests"
selftest_boot "$BUILD/ukernel/ukernel.bin" "max,-rdrand,-rdseed" "uk smep+smap"
selftest_boot "$BUILD/ukernel/ukernel.bin" "$QEMU_TCG_CPU" "uk"
selftest_boot "$BUILD/ukernel/ukernel-nofp.bin" "max,-rdrand,-rdseed" "uk-nofp smep+smap"
selftest_boot "$BUILD/ukernel/ukernel-nofp.bin" "$QEMU_TCG_CPU" "uk-nofp"

# --- the profiler plugin (QEMU TCG) ------------------------------------------
section "profiler plugin: counts of a test guest's windows, refusals (tests/profiler.sh)"
bash "$TOP/tests/profiler.sh" "$BUILD" >"$WORK/profiler.out" 2>&1
status=$?
count < <(grep -aE '^(not )?ok ' "$WORK/profiler.out" | sed 's/^\(\(not \)\{0,1\}ok\) [0-9]* - /\1 - profiler: /')
check "tests/profiler.sh exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -5 "$WORK/profiler.out" | sed 's/^/#   /'

# ref_check RUN: the run's exact rows against the committed reference
# run (results/reference, a quick tcg run of every system): no exact row
# of a system whose recorded versions match may change.  What was
# skipped, and why (other versions, not exact), is printed as comments.
ref_check() {
    local run=$1 out=$WORK/ref-$1.out status
    "$BUILD/harness/bench-compare" --exact-only --match-versions "$TOP/results/reference" "$R/$run" \
        >"$out" 2>&1
    status=$?
    grep '^skipped ' "$out" | sed 's/^/# reference: /'
    check "$run: no exact row differs from results/reference (bench-compare --exact-only --match-versions)" \
        test "$status" -eq 0
    [ "$status" -eq 0 ] || grep -E '^(FLAG|bench-compare:|[0-9]+ rows compared)' "$out" | head -20 | sed 's/^/#   /'
}
# Every system is judged.  Its images are the same bytes from any
# checkout (the guest programs are compiled with -ffile-prefix-map), and
# Xen boots with no-real-mode (common/qemu/flags.sh: its BIOS calls had
# SeaBIOS wait for the host's disk I/O, and Xen's and linux-pv's exact
# rows varied from boot to boot); results/reference/README.md.

# --- harness end to end on the real kernels ---------------------------------
section "bench-run end to end (tcg, quick)"
R=$WORK/results
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems uk,uk-nofp --run-id a >"$WORK/a.out" 2>"$WORK/a.err"
status=$?
check "bench-run --quick exits 0 on uk and uk-nofp" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$WORK/a.err" | sed 's/^/#   /'
ref_check a
S=$R/a/summary.csv
check "summary.csv has the exact header" \
    test "$(head -1 "$S" 2>/dev/null)" = "system,workload,variant,payload,batch,size,pattern,direction,depth,unit,n,min,median,mean,p5,p95,stddev,median_per_page,bytes_copied,pages_mapped,pages_unmapped,counted_by,runs,run_median_min,run_median_max,bytes_per_s,bytes_per_kcycle"
check "samples.csv, meta.json and both console logs exist" \
    test -s "$R/a/samples.csv" -a -s "$R/a/meta.json" -a -s "$R/a/console-uk-1.log" -a -s "$R/a/console-uk-nofp-1.log"
check "samples.csv has one row per sample" \
    test "$(($(wc -l <"$R/a/samples.csv") - 1))" -eq "$(csv '{ s += $c["n"] } END { print s }' "$S")"
check "results/latest points at the run" test "$(readlink "$R/latest")" = a
check "no temporary run directory is left" test -z "$(ls -A "$R" | grep '^\.tmp')"
check "meta.json records mode tcg" \
    grep -q '"mode": *"tcg"' "$R/a/meta.json"
check "meta.json records unit insns" grep -q '"unit": *"insns"' "$R/a/meta.json"
check "meta.json records what the uk kernel said of itself (fastpath on/off)" \
    bash -c "grep -q '\"fastpath\": true' '$R/a/meta.json' && grep -q '\"fastpath\": false' '$R/a/meta.json'"

# Plausibility of the numbers, from summary.csv.
med() { csv -v s="$1" -v v="$2" -v p="$3" '$c["system"] == s && $c["workload"] == "pingpong" && $c["variant"] == v && $c["payload"] == p { print $c["median"] }' "$S"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 < b + 0) }'; }
check "every ping-pong case has a row: 11 per system" test "$(csv '$c["workload"] == "pingpong"' "$S" | wc -l)" -eq 22
check "every ping-pong row is in insns with positive median and n = 1000" \
    csv '$c["workload"] == "pingpong" && ($c["unit"] != "insns" || $c["median"] <= 0 || $c["n"] != 1000) { bad = 1 } END { exit bad }' "$S"
for sys in uk uk-nofp; do
    check "$sys: null system call is cheaper than an IPC round trip" lt "$(med $sys null-syscall 0)" "$(med $sys inter-as 0)"
    for v in inter-as intra-as; do
        check "$sys $v: round trip grows with the payload" \
            bash -c "$(declare -f csv med lt); S='$S'; lt \$(med $sys $v 0) \$(med $sys $v 8) && lt \$(med $sys $v 8) \$(med $sys $v 64) && lt \$(med $sys $v 64) \$(med $sys $v 512) && lt \$(med $sys $v 512) \$(med $sys $v 4096)"
    done
    check "$sys: a round trip within one space costs no more than across spaces" \
        bash -c "$(declare -f csv med lt); S='$S'; ! lt \$(med $sys inter-as 0) \$(med $sys intra-as 0)"
done
check "the fastpath makes the inter-AS round trip cheaper" lt "$(med uk inter-as 0)" "$(med uk-nofp inter-as 0)"
check "uk inter-AS round trip stays within 600 guest instructions" lt "$(med uk inter-as 0)" 601
# The map path may not get much slower: 405 and 183 guest instructions per
# page before the mapping database, 488 and 133 with it (a record per page,
# leaf tables in pairs; the source walked once per leaf table); the bound
# for one page per call is 600, for 64 the old 259 still holds.  The root
# task measures it at boot.
mapcost() { jq -r "[.boots[] | select(.system == \"uk\")][0].guest.$1 // empty" "$R/a/meta.json"; }
check "uk map: at most 600 guest instructions per page, one page per call" lt "$(mapcost map_per_page_1)" 601
check "uk map: at most 259 guest instructions per page, 64 pages per call" lt "$(mapcost map_per_page_64)" 260

# Page flip (workloads/pageflip.c): rows, counts and the shape of the costs.
# pf SYSTEM VARIANT PAYLOAD BATCH [COLUMN]: one cell of a page-flip row.
pf() { csv -v s="$1" -v v="$2" -v p="$3" -v b="$4" -v col="${5:-median}" '$c["system"] == s && $c["workload"] == "pageflip" && $c["variant"] == v && $c["payload"] == p && $c["batch"] == b { print $c[col] }' "$S"; }
for sys in uk uk-nofp; do
    check "$sys page flip: every case has a row: 3 mechanisms x 7 batches x 3 payloads, whole and alone, and memcpy's 21" \
        test "$(csv -v s=$sys '$c["system"] == s && $c["workload"] == "pageflip"' "$S" | wc -l)" -eq 147
done
check "uk page flip: the port's counts: move maps and unmaps 2 x batch, share batch, copy copies batch x payload bytes" \
    csv '$c["system"] == "uk" && $c["workload"] == "pageflip" && $c["variant"] !~ /alone/ {
        b = $c["batch"]; p = $c["payload"]; v = $c["variant"]
        if (v ~ /-move$/ && ($c["pages_mapped"] != 2 * b || $c["pages_unmapped"] != 2 * b || $c["bytes_copied"] != 0)) bad = 1
        if (v ~ /-share$/ && ($c["pages_mapped"] != b || $c["pages_unmapped"] != b)) bad = 1
        if (v ~ /-copy$/ && ($c["bytes_copied"] != b * p || $c["pages_mapped"] != 0)) bad = 1
        if (v == "memcpy" && $c["bytes_copied"] != b * p) bad = 1
        n++ } END { exit bad || n != 84 }' "$S"
check "uk page flip: the mechanism alone costs less than the whole hand-over, in every case" \
    csv '$c["system"] == "uk" && $c["workload"] == "pageflip" { k = $c["variant"] " " $c["payload"] " " $c["batch"]; m[k] = $c["median"] }
        END { for (k in m) { split(k, f, " "); if (f[1] ~ /-alone$/) { w = f[1]; sub(/-alone$/, "", w); n++; if (m[k] + 0 >= m[w " " f[2] " " f[3]] + 0) bad = 1 } } exit bad || n != 63 }' "$S"
for mech in move share copy; do
    check "uk page flip: $mech costs less per page at 64 pages than at 1 (64 B per page)" \
        lt "$(pf uk inter-as-$mech 64 64 median_per_page)" "$(pf uk inter-as-$mech 64 1 median_per_page)"
done
check "uk page flip: copying 4 KiB pages costs more than copying 64 B of each" \
    lt "$(pf uk inter-as-copy-alone 64 64)" "$(pf uk inter-as-copy-alone 4096 64)"

# Block I/O (workloads/blkio.c).  Every row also says each word read back
# was the one written and the refused requests were refused: blkio.c fails
# the boot on the first wrong one.
# blk SYSTEM VARIANT SIZE DIRECTION DEPTH [COLUMN [PATTERN]]: one cell.
blk() { csv -v s="$1" -v v="$2" -v z="$3" -v d="$4" -v q="$5" -v col="${6:-median}" -v p="${7:-seq}" '$c["system"] == s && $c["workload"] == "blkio" && $c["variant"] == v && $c["size"] == z && $c["direction"] == d && $c["depth"] == q && $c["pattern"] == p { print $c[col] }' "$S"; }
# blk_checks SYSTEM VARIANT: the rows and the shape of the costs in $S.
blk_checks() {
    local sys=$1 v=$2
    check "$sys blkio ($v): every case has a row: 4 sizes x seq/rand x read/write x depth 1/8, n = 32, in insns, positive" \
        test "$(csv -v s="$sys" -v v="$v" '$c["system"] == s && $c["workload"] == "blkio" && $c["variant"] == v && $c["unit"] == "insns" && $c["n"] == 32 && $c["median"] > 0' "$S" | wc -l)" -eq 32
    check "$sys blkio: no other block path has rows" \
        test "$(csv -v s="$sys" -v v="$v" '$c["system"] == s && $c["workload"] == "blkio" && $c["variant"] != v' "$S" | wc -l)" -eq 0
    check "$sys blkio: a 64 KiB read costs more than a 512 B one (depth 1)" \
        lt "$(blk "$sys" "$v" 512 read 1)" "$(blk "$sys" "$v" 65536 read 1)"
    check "$sys blkio: a request costs less at depth 8 than at depth 1 (4 KiB reads, mean)" \
        lt "$(blk "$sys" "$v" 4096 read 8 mean)" "$(blk "$sys" "$v" 4096 read 1 mean)"
}
# The virtio disk (workload blkdev, the same cases): under tcg counted by
# the profiler in a device boot of its own (harness/README.md "Device
# workloads"); every row again means every word read back was right.
dev() { csv -v s="$1" -v v="$2" -v z="$3" -v q="$4" -v col="${5:-mean}" '$c["system"] == s && $c["workload"] == "blkdev" && $c["variant"] == v && $c["size"] == z && $c["direction"] == "read" && $c["depth"] == q && $c["pattern"] == "seq" { print $c[col] }' "$S"; }
# dev_checks SYSTEM VARIANT: the device rows of $S.
dev_checks() {
    local sys=$1 v=$2
    check "$sys blkdev ($v): every case has a row, n = 32, insns counted by the profiler, positive" \
        test "$(csv -v s="$sys" -v v="$v" '$c["system"] == s && $c["workload"] == "blkdev" && $c["variant"] == v && $c["unit"] == "insns" && $c["counted_by"] == "plugin" && $c["n"] == 32 && $c["median"] > 0' "$S" | wc -l)" -eq 32
    check "$sys blkdev: no other device path has rows" \
        test "$(csv -v s="$sys" -v v="$v" '$c["system"] == s && $c["workload"] == "blkdev" && $c["variant"] != v' "$S" | wc -l)" -eq 0
    check "$sys blkdev: a request costs less at depth 8 than at depth 1 (4 KiB reads, mean)" \
        lt "$(dev "$sys" "$v" 4096 8)" "$(dev "$sys" "$v" 4096 1)"
}
for sys in uk uk-nofp; do
    blk_checks "$sys" ramdisk
    dev_checks "$sys" virtio-driver
    check "$sys: blkdev ran in its own boot under the profiler, not in the timing boot" \
        bash -c "grep -aq '^@@BENCH.*blkdev' '$R/a/console-$sys-1-device.log' && ! grep -aq '^@@BENCH.*blkdev' '$R/a/console-$sys-1.log'"
done
check "meta.json records the virtio disk every boot got (16 MiB, its drive options, the device)" \
    jq -e '.disk.mib == 16 and (.disk.drive | test("format=raw")) and (.disk.device | test("virtio-blk-pci"))' "$R/a/meta.json"
check "no disk file is left in the run directory" test -z "$(ls "$R/a" | grep '^disk-')"
# At depth 8 the port sends one IPC per batch of 8: one window in 8 pays
# for it (4 of 32 in every case), so the mean holds whole batches.
check "uk blkio, depth 8: one window in 8 starts a batch (4 of 32 in each of the 16 cases)" \
    csv '$c["system"] == "uk" && $c["workload"] == "blkio" && $c["depth"] == 8 {
        k = $c["size"] " " $c["pattern"] " " $c["direction"]; n[k]++; if ($c["value"] > 1000) big[k]++ }
        END { for (k in n) { cases++; if (n[k] != 32 || big[k] != 4) bad = 1 } exit bad || cases != 16 }' "$R/a/samples.csv"

# The profile pass (--profile, harness/README.md "profile.csv").
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems uk --profile --run-id p \
    >/dev/null 2>"$WORK/p.err"
status=$?
check "bench-run --profile on the microkernel exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -5 "$WORK/p.err" | sed 's/^/#   /'
P=$R/p/profile.csv
check "meta.json says the profile pass ran, every window checked, none idle" \
    bash -c "jq -e '.profile.ran == true and .profile.windows > 0 and .profile.idle_windows == 0' '$R/p/meta.json' >/dev/null"
check "profile.csv: a row per marked record (every ping-pong, whole page-flip and block case, memcpy), all windows compared but the virtio disk's" \
    csv '{ n++; w = $c["workload"]; if (w == "blkdev") { dev++; if ($c["windows"] != 32) bad = 1; next }
        if ($c["windows"] != (w == "pingpong" ? 1000 : w == "blkio" ? 32 : 20) || $c["idle"] != 0 || $c["skew"] != -1) bad = 1 }
        END { exit bad || n != 11 + 63 + 21 + 32 + 32 || dev != 32 }' "$P"
check "meta.json: the virtio disk's 1,024 windows counted, not compared (some idle: the guest waited for the host)" \
    jq -e '.profile.device_windows == 1024 and .profile.device_idle_windows > 0' "$R/p/meta.json"
check "profile: a virtio-disk request's instructions are the client's, the driver's or the kernel's (domains), the driver's above zero" \
    csv '$c["system"] == "uk" && $c["workload"] == "blkdev" { n++; d = $c["dom0"] + $c["dom1"] + $c["dom_none"] - $c["insns"]; if (d > 0.015 || d < -0.015 || $c["dom1"] <= 0 || $c["dom0"] <= 0) bad = 1 } END { exit bad || n != 32 }' "$P"
prof() { csv -v v="$1" -v p="$2" -v col="$3" '$c["workload"] == "pingpong" && $c["variant"] == v && $c["payload"] == p { print $c[col] + 0 }' "$P"; }
check "profile: an inter-AS round trip crosses user/kernel 4 times and switches address space twice" \
    test "$(prof inter-as 0 crossings) $(prof inter-as 0 cr3_write) $(prof inter-as 0 syscall)" = "4 2 2"
check "profile: an intra-AS round trip switches no address space" test "$(prof intra-as 0 cr3_write)" = 0
check "profile: every operation's instructions are all user or kernel, none elsewhere (means to two decimals)" \
    csv '$c["system"] == "uk" { d = $c["user"] + $c["kernel"] - $c["insns"]; if (d > 0.015 || d < -0.015 || $c["hyp"] != 0 || $c["other"] != 0) bad = 1 } END { exit bad }' "$P"
check "profile: a block request's instructions are the client's, the RAM-disk server's or the kernel's (domains)" \
    csv '$c["system"] == "uk" && $c["workload"] == "blkio" { n++; d = $c["dom0"] + $c["dom1"] + $c["dom_none"] - $c["insns"]; if (d > 0.015 || d < -0.015 || $c["dom1"] <= 0 || $c["dom0"] <= 0) bad = 1 } END { exit bad || n != 32 }' "$P"
check "profile: the kernel copies a 4 KiB request and its echo (8 KiB by string instructions)" \
    test "$(prof inter-as 4096 str_bytes)" -ge 8192
# QEMU refusing the plugin is one line naming why (a build whose plugin is junk).
mkdir -p "$WORK/badprof/profiler" && ln -sfn "$BUILD/ukernel" "$WORK/badprof/ukernel" &&
    echo junk >"$WORK/badprof/profiler/libwlprof.so"
"$BENCH_RUN" --build "$WORK/badprof" --results "$WORK/badprof/r" --mode tcg --quick --systems uk \
    --workloads pingpong --profile >/dev/null 2>"$WORK/badprof.err"
status=$?
check "a plugin QEMU refuses ends the run with QEMU's reason" \
    bash -c "test $status -eq 3 && grep -q 'QEMU refused the profiler: Could not load plugin' '$WORK/badprof.err'"

"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems uk,uk-nofp --run-id b >/dev/null 2>"$WORK/b.err"
check "a second tcg run succeeds" test $? -eq 0
# Exact rows (counted_by tsc) are bit-identical; the virtio disk's rows
# (blkdev, counted by the profiler) move with the host's I/O time.
exact() { csv '$c["counted_by"] == "tsc"' "$1"; }
same_exact() { cmp <(exact "$1") <(exact "$2") && test "$(exact "$1" | wc -l)" -eq "$3"; }
# within SYSTEM WORKLOAD SUMMARY-A SUMMARY-B: the 4 KiB sequential read
# (depth 1) of the two runs agrees: their p5..p95 ranges overlap and the
# medians differ by under 15 %.  Not "each median inside the other's
# range": the samples fall on a few values a timer tick (~100) apart,
# and a run's median can be either (seen: 1,747 and 1,848).
within() {
    local q='$c["system"] == s && $c["workload"] == w && $c["size"] == 4096 && $c["pattern"] == "seq" && $c["direction"] == "read" && $c["depth"] == 1 { print $c["median"], $c["p5"], $c["p95"] }'
    echo "$(csv -v s="$1" -v w="$2" "$q" "$3") $(csv -v s="$1" -v w="$2" "$q" "$4")" |
        awk '{ print; lo = $2 > $5 ? $2 : $5; hi = $3 < $6 ? $3 : $6; d = $1 - $4; if (d < 0) d = -d
            m = $1 < $4 ? $1 : $4; exit !(NF == 6 && lo <= hi && d < 0.15 * m) }'
}
check "two tcg runs give identical summaries of every exact row (icount is deterministic)" \
    same_exact "$S" "$R/b/summary.csv" $((2 * (11 + 147 + 32)))
for sys in uk uk-nofp; do
    check "two tcg runs: $sys's 4 KiB virtio-disk reads (depth 1) agree: p5..p95 overlap, medians within 15 %" \
        within "$sys" blkdev "$S" "$R/b/summary.csv"
done
check "results/latest moved to the newer run" test "$(readlink "$R/latest")" = b
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems uk,uk-nofp --run-id b >/dev/null 2>&1
check "an existing run id is refused, not overwritten" test $? -ne 0 -a -s "$R/b/summary.csv"

"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --systems uk --iterations 100000 \
    --timeout 1 --run-id slow >/dev/null 2>"$WORK/slow.err"
status=$?
check "a boot that overruns its timeout fails with a reason" \
    bash -c "test $status -eq 1 && grep -q 'timeout' '$WORK/slow.err'"
check "the timed-out run is not made to look complete" test ! -e "$R/slow"

"$BENCH_RUN" --build "$BUILD" --results "$R" --systems nosuch >/dev/null 2>"$WORK/bad.err"
check "an unknown system is a usage error naming the known ones" \
    bash -c "test $? -eq 2 && grep -q 'uk-nofp' '$WORK/bad.err'"

section "mode detection"
"$BENCH_RUN" --build "$BUILD" --results "$R" --systems uk --quick --run-id auto >/dev/null 2>"$WORK/auto.err"
status=$?
check "auto mode picks a mode and says why" bash -c "test $status -eq 0 && grep -q 'mode: ' '$WORK/auto.err'"
grep -m1 'mode: ' "$WORK/auto.err" | sed 's/^/#   /'
check "auto mode's unit matches its mode" \
    bash -c "(grep -q '\"mode\": *\"tcg\"' '$R/auto/meta.json' && grep -q ',insns,' '$R/auto/summary.csv') ||
        (grep -q '\"mode\": *\"kvm\"' '$R/auto/meta.json' && grep -q ',cycles,' '$R/auto/summary.csv')"

# --- Xen side -----------------------------------------------------------------
XB=$BUILD/xenside
GUEST=$XB/guest/xenguest.elf
tap_from() { # LOG PREFIX LABEL: the guest's TAP lines, labelled
    grep -aE "^$2(ok|not ok) " "$1" | sed "s/^$2//; s/^\(\(not \)\{0,1\}ok [0-9]*\) - /\1 - $3: /"
}
section "Xen PV guest self-tests, as dom0 and as a domU"
make -s -C "$TOP/xenside/guest" BUILD="$XB/guest" test >"$WORK/xg-dom0.log" 2>&1
status=$?
count < <(tap_from "$WORK/xg-dom0.log" "" "xen guest as dom0")
check "xen guest as dom0: ran its self-tests and powered off" test "$status" -eq 0
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --extra role=test \
    --log "$WORK/xg-domu.log" >/dev/null 2>&1
status=$?
count < <(tap_from "$WORK/xg-domu.log" '\[d0\] ' "xen guest as domU")
check "xen guest as domU: ran its self-tests, dom0 saw it power off" test "$status" -eq 0
check "the domU runs with tsc_mode native (rdtsc not trapped)" grep -aq 'tsc_mode native' "$WORK/xg-domu.log"

section "Xen page hand-over: move, share, copy (pagetest, two domUs and the dom0 peer)"
make -s -C "$TOP/xenside/dom0/peer" BUILD="$XB/peer" >"$WORK/xg-peer.log" 2>&1
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --domu "$GUEST" \
    --add "$XB/peer/wl-dom0-server=/usr/bin/wl-dom0-server" --job bench.timeout=300 \
    --job 'bench.d0.extra="role=client peer=2 wl=pagetest dom0peer=1" bench.d1.extra="role=server peer=1 wl=pagetest"' \
    --job 'bench.dom0peer="/usr/bin/wl-dom0-server -w pagetest"' \
    --log "$WORK/xg-pages.log" >/dev/null 2>&1
status=$?
count < <(tap_from "$WORK/xg-pages.log" '\[d0\] ' "xen pages")
check "xen pages: client, server domU and dom0 peer all finished (status 0)" test "$status" -eq 0
check "xen pages: both parts ran (domu-domu and domu-dom0)" \
    bash -c "grep -aq 'pagetest domu-domu: .* 0 failed' '$WORK/xg-pages.log' && grep -aq 'pagetest domu-dom0: .* 0 failed' '$WORK/xg-pages.log'"

section "Xen failure reporting"
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --extra role=fault \
    --log "$WORK/xg-fault.log" >/dev/null 2>&1
status=$?
check "a crashing domU fails the boot with a reason" \
    bash -c "test $status -ne 0 && grep -aq '^@@PANIC' '$WORK/xg-fault.log'"
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --extra "role=client n=10" \
    --job bench.timeout=5 --log "$WORK/xg-alone.log" >/dev/null 2>&1
status=$?
check "a client whose server never comes is reported, within the timeout" \
    bash -c "test $status -ne 0 && grep -aq '^@@PANIC dom0: domain(s) d0 did not shut down within 5 s' '$WORK/xg-alone.log'"

# A disk whose backend stops answering (bench.d0.blkstall, dom0's
# README.md, "Disk"): half a second after d0's vbd has connected, dom0
# unbinds it from blkback without telling the guest (the backend's
# xenstore state stays 4, Connected), while blkio (no peer needed: its
# solo part is all there is) is measuring.  blkfront's wait ends at its 1 s deadline with -ETIMEDOUT (-110), blkio fails the
# run with a one-line reason, the domain crashes and the boot ends, long
# before the job's 30 s and boot.sh's limit.  dom0 times it: from the
# stall (its line, with its uptime) to the domain's end ("ended X s after
# the stall"): the guest's 1 s wait and its console flush.  (~60 s.)
sh "$TOP/xenside/dom0/boot.sh" --build "$XB" --domu "$GUEST" --extra "role=client peer=0 wl=blkio:1000" \
    --job "bench.d0.blkstall=0.5 bench.timeout=30" --timeout 150 \
    --log "$WORK/xg-stall.log" >/dev/null 2>"$WORK/xg-stall.err"
status=$?
check "a stalled block backend ends the boot (dom0 powered off, no timeout)" \
    bash -c "test $status -ne 0 && ! grep -q 'boot.sh: timeout' '$WORK/xg-stall.err' && grep -aq '^dom0: power off, exit code 1' '$WORK/xg-stall.log'"
check "a stalled block backend: blkfront's wait times out (-110), blkio fails the run with a reason, d0 crashes" \
    bash -c "grep -aqE '^\[d0\] blkio: waiting for a completion.* failed \(port error\) \(-110\)' '$WORK/xg-stall.log' &&
        grep -aq '^@@PANIC xenguest: workload solo part failed' '$WORK/xg-stall.log' &&
        grep -aq '^@@PANIC dom0: domain(s) did not power off: d0 (crash)' '$WORK/xg-stall.log'"
check "a stalled block backend: the guest, not told (vbd state stays 4), fails after the stall, within about 1 s of it (dom0's uptime)" \
    awk '/^dom0: d0: blkstall: vbd-.* unbound from blkback.* xenstore state stays 4 / { stall = NR }
        /^\[d0\] blkio: .*port error/ && stall { err = NR }
        /^dom0: d0: blkstall: d0 ended .* s after the stall/ { t = $6 }
        END { print "stall line " stall ", error line " err ", ended " t " s after"; exit !(err > stall && t != "" && t >= 0.9 && t <= 2.5) }' \
    "$WORK/xg-stall.log"

. "$TOP/tests/liability-xen.sh" # claim C6 on Xen: one boot, ~75 s

section "bench-run on Xen (tcg, quick)"
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems xen --run-id x \
    >/dev/null 2>"$WORK/x.err"
status=$?
check "bench-run --systems xen --quick exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$WORK/x.err" | sed 's/^/#   /'
ref_check x
SU=$S
S=$R/x/summary.csv
check "xen: every case has a row: 5 payloads of domu-domu and of domu-dom0, the null hypercall" \
    test "$(csv '$c["system"] == "xen" && $c["workload"] == "pingpong"' "$S" | wc -l)" -eq 11
check "xen: dom0 waits for its random number generator before the job (its readiness rewrites kernel code)" \
    bash -c "grep -a 'dom0: crng ready' '$R/x/console-xen-1.log' >/dev/null && ! grep -a -q 'dom0: job word' <(sed -n '1,/dom0: crng ready/p' '$R/x/console-xen-1.log')"
check "xen: every row is in insns with a positive median" \
    csv '$c["unit"] != "insns" || $c["median"] <= 0 { bad = 1 } END { exit bad }' "$S"
check "xen: a null hypercall is cheaper than an event-channel round trip" \
    lt "$(med xen null-hypercall 0)" "$(med xen domu-domu 0)"
check "xen: a 4 KiB round trip costs more than an empty one" \
    lt "$(med xen domu-domu 0)" "$(med xen domu-domu 4096)"
check "xen: the dom0 process answers too (domu-dom0 rows are positive)" \
    csv '$c["workload"] == "pingpong" && $c["variant"] == "domu-dom0" { n++; if ($c["median"] <= 0) bad = 1 } END { exit bad || n != 5 }' "$S"
check "xen page flip: every case has a row: domu-domu 3 mechanisms, domu-dom0 share and copy (x 21, whole and alone), memcpy's 21" \
    test "$(csv '$c["system"] == "xen" && $c["workload"] == "pageflip"' "$S" | wc -l)" -eq 231
check "xen page flip: no move towards dom0 (no transfer from dom0 user space)" \
    test "$(csv '$c["workload"] == "pageflip" && $c["variant"] ~ /^domu-dom0-move/' "$S" | wc -l)" -eq 0
check "xen page flip: grant copy counts batch x payload bytes, share maps batch pages on each side" \
    csv '$c["workload"] == "pageflip" && $c["variant"] ~ /^domu-dom(u|0)-(copy|share)$/ {
        b = $c["batch"]; p = $c["payload"]; n++
        if ($c["variant"] ~ /copy$/ && $c["bytes_copied"] != b * p) bad = 1
        if ($c["variant"] ~ /share$/ && ($c["pages_mapped"] != b || $c["pages_unmapped"] != b)) bad = 1 }
        END { exit bad || n != 84 }' "$S"
# What the page-flip issue asks of the two systems (DESIGN.md, claim C3).
pfx() { local f=$1; shift; S=$f pf "$@"; }
check "one-page share and revoke costs fewer instructions on the microkernel than Xen's grant map + unmap between two domUs" \
    lt "$(pfx "$SU" uk inter-as-share 64 1)" "$(pfx "$S" xen domu-domu-share 64 1)"
check "one-page move costs fewer instructions on the microkernel than GNTTABOP_transfer (and back)" \
    lt "$(pfx "$SU" uk inter-as-move 64 1)" "$(pfx "$S" xen domu-domu-move 64 1)"
# The second run leaves the virtio disk out (its rows are not exact; its
# boot would add ~80 s).
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems xen --run-id x2 \
    --workloads pingpong,pageflip,blkio >/dev/null 2>&1
# Identical to the instruction, page flip included, since dom0 runs nothing
# of the harness's while the domains measure (README, "Where the
# instructions go"); before, page-flip medians moved up to 10 % between runs.
check "two tcg runs of Xen give identical summaries (ping-pong and page flip)" same_exact "$S" "$R/x2/summary.csv" $((11 + 231 + 32))
check "meta.json records the TSC mode of both domUs: native" \
    bash -c "grep -q '\"d0.tsc_mode\": \"native\"' '$R/x/meta.json' && grep -q '\"d1.tsc_mode\": \"native\"' '$R/x/meta.json'"
check "meta.json records the Xen and dom0 kernel versions" \
    bash -c "grep -q 'xen-hypervisor-4.17-amd64' '$R/x/meta.json' && grep -q 'linux-image-6.1' '$R/x/meta.json'"
# Mitigations off by default (harness/README.md, "Mitigations"): Xen's own
# report from its boot messages, dom0's from its vulnerabilities files.
check "meta.json: mitigations off; Xen reports none of its own (no retpolines, no RSB stuffing), dom0's kernel none" \
    jq -e '.mitigations == "off" and (.system_boot.xen.mitigations | (.xen.xen_settings | startswith("BTI-Thunk: JMP"))
        and .xen.support_for_pv_vms == "None" and (.dom0.spectre_v2 | startswith("Vulnerable")))' "$R/x/meta.json"
blk_checks xen blkfront-brd
dev_checks xen blkfront-vda
XEN_DEV4K=$(dev xen blkfront-vda 4096 1 median)
check "two tcg runs of Xen give identical block summaries" \
    cmp <(csv '$c["workload"] == "blkio"' "$S") <(csv '$c["workload"] == "blkio"' "$R/x2/summary.csv")
XEN_BLK4K=$(blk xen blkfront-brd 4096 read 1)
S=$SU
check "a 4 KiB read costs fewer instructions through the microkernel's RAM-disk server than through Xen's blkfront/blkback (depth 1)" \
    lt "$(blk uk ramdisk 4096 read 1)" "$XEN_BLK4K"
check "a 4 KiB virtio-disk read costs fewer instructions (all domains) through the microkernel's user-level driver than through blkfront/blkback on dom0's virtio driver (depth 1, medians)" \
    lt "$(dev uk virtio-driver 4096 1 median)" "$XEN_DEV4K"

# --- native Linux -------------------------------------------------------------
# Linux's page flip (linux/README.md), the same checks for linux and
# linux-pv on the summary in $S: unix move, share and copy, pipe copy.
# Every row also says the server found every payload word as written:
# pageflip.c fails the case (and the boot) on the first wrong one.
lx_pageflip() {
    local sys=$1
    check "$sys page flip: every case has a row: unix move, share, copy and pipe copy x 7 batches x 3 payloads, whole and alone, and memcpy's 21" \
        test "$(csv -v s="$sys" '$c["system"] == s && $c["workload"] == "pageflip"' "$S" | wc -l)" -eq 189
    check "$sys page flip: no other path hands pages over (a pipe cannot pass a descriptor; futex and eventfd carry none)" \
        csv -v s="$sys" '$c["system"] == s && $c["workload"] == "pageflip" && $c["variant"] != "memcpy" &&
            $c["variant"] !~ /^(unix-(move|share|copy)|pipe-copy)(-alone)?$/ { bad = 1 } END { exit bad }' "$S"
    check "$sys page flip: the port's counts: move maps and unmaps 2 x batch, share batch, copy copies batch x payload bytes" \
        csv -v s="$sys" '$c["system"] == s && $c["workload"] == "pageflip" {
            b = $c["batch"]; p = $c["payload"]; v = $c["variant"]; sub(/-alone$/, "", v); n++
            if (v ~ /-move$/ && ($c["pages_mapped"] != 2 * b || $c["pages_unmapped"] != 2 * b || $c["bytes_copied"] != 0)) bad = 1
            if (v ~ /-share$/ && ($c["pages_mapped"] != b || $c["pages_unmapped"] != b || $c["bytes_copied"] != 0)) bad = 1
            if ((v ~ /-copy$/ || v == "memcpy") && ($c["bytes_copied"] != b * p || $c["pages_mapped"] != 0 || $c["pages_unmapped"] != 0)) bad = 1 }
            END { exit bad || n != 189 }' "$S"
    check "$sys page flip: the mechanism alone costs less than the whole hand-over, in every case" \
        csv -v s="$sys" '$c["system"] == s && $c["workload"] == "pageflip" { k = $c["variant"] " " $c["payload"] " " $c["batch"]; m[k] = $c["median"] }
            END { for (k in m) { split(k, f, " "); if (f[1] ~ /-alone$/) { w = f[1]; sub(/-alone$/, "", w); n++; if (m[k] + 0 >= m[w " " f[2] " " f[3]] + 0) bad = 1 } } exit bad || n != 84 }' "$S"
    for mech in move share; do
        for p in 64 4096; do
            check "$sys page flip: unix $mech costs less per page at 64 pages than at 1 ($p B per page)" \
                lt "$(pf "$sys" unix-$mech $p 64 median_per_page)" "$(pf "$sys" unix-$mech $p 1 median_per_page)"
        done
    done
    for v in unix-copy pipe-copy; do
        check "$sys page flip: the kernel's copy ($v alone, 64 pages) costs more for 4 KiB of each page than for 64 B" \
            lt "$(pf "$sys" $v-alone 64 64)" "$(pf "$sys" $v-alone 4096 64)"
    done
}

# The block port of both Linux systems (workloads/hosted/wl_hosted_blk.c)
# on the host, against a loop device (linux/test/run.sh; < 1 s).
section "Linux block port on the host (a loop device with direct I/O)"
"$TOP/linux/test/run.sh" "$WORK/lxblk" >"$WORK/lxblk.out" 2>&1
status=$?
count <"$WORK/lxblk.out"
check "the Linux block port's host test exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || grep -v '^ok' "$WORK/lxblk.out" | tail -20 | sed 's/^/#   /'

# One boot is ~15-20 s under tcg, almost all of it the kernel's own boot.
section "bench-run on native Linux (tcg, quick)"
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems linux --run-id l \
    >/dev/null 2>"$WORK/l.err"
status=$?
check "bench-run --systems linux --quick exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$WORK/l.err" | sed 's/^/#   /'
ref_check l
SU=$S
S=$R/l/summary.csv
check "linux: every case has a row: 5 payloads of pipe, futex, eventfd, threads, unix; the null system call" \
    test "$(csv '$c["system"] == "linux" && $c["workload"] == "pingpong"' "$S" | wc -l)" -eq 26
check "linux: every ping-pong row is in insns with a positive median and n = 1000" \
    csv '$c["workload"] == "pingpong" && ($c["unit"] != "insns" || $c["median"] <= 0 || $c["n"] != 1000) { bad = 1 } END { exit bad }' "$S"
check "linux: /init waits for the random number generator before wl-linux runs" \
    grep -a -q '^linux: crng ready' "$R/l/console-linux-1.log"
check "linux: a null system call is cheaper than a pipe round trip" \
    lt "$(med linux null-syscall 0)" "$(med linux pipe 0)"
check "linux pipe: round trip grows with the payload (it is copied through the kernel)" \
    bash -c "$(declare -f csv med lt); S='$S'; lt \$(med linux pipe 0) \$(med linux pipe 8) && lt \$(med linux pipe 8) \$(med linux pipe 64) && lt \$(med linux pipe 64) \$(med linux pipe 512) && lt \$(med linux pipe 512) \$(med linux pipe 4096)"
# The futex, eventfd and threads medians move between two scheduler paths
# (linux/README.md), which hides their small copy cost; their minimum is
# one path.
lmin() { csv -v v="$1" -v p="$2" '$c["system"] == "linux" && $c["variant"] == v && $c["payload"] == p { print $c["min"] }' "$S"; }
for v in pipe futex eventfd threads unix; do
    check "linux $v: a 4 KiB round trip costs more than an empty one (minimum)" lt "$(lmin $v 0)" "$(lmin $v 4096)"
done
check "linux: two threads cost less than two processes (futex, empty, minimum)" \
    lt "$(lmin threads 0)" "$(lmin futex 0)"
lx_pageflip linux
blk_checks linux odirect-brd
dev_checks linux odirect-vda
check "meta.json records the kernel (package and what it says of itself) and its command line" \
    bash -c "grep -q 'linux-image-6.1' '$R/l/meta.json' &&
        jq -e '[.boots[] | select(.system == \"linux\")][0].guest | (.kernel_release | startswith(\"6.1\")) and (.kernel_cmdline | contains(\"mitigations=off\"))' '$R/l/meta.json'"
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems linux --run-id l2 \
    --workloads pingpong,pageflip,blkio >/dev/null 2>&1
check "two tcg runs of Linux give identical summaries (all but the virtio disk's rows)" \
    same_exact "$S" "$R/l2/summary.csv" $((26 + 189 + 32))
check "meta.json: native Linux runs without mitigations (the kernel says Vulnerable)" \
    jq -e '.system_boot.linux.mitigations.linux.spectre_v2 | startswith("Vulnerable")' "$R/l/meta.json"
# --mitigations default: the kernel's shipped defaults (one short boot).
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --systems linux --workloads pingpong \
    --iterations 100 --mitigations default --run-id lm >/dev/null 2>"$WORK/lm.err"
status=$?
check "--mitigations default: Linux boots without mitigations=off and turns on its defaults (retpolines)" \
    bash -c "test $status -eq 0 && jq -e '.mitigations == \"default\" and
        ([.boots[] | select(.system == \"linux\")][0].guest.kernel_cmdline | contains(\"mitigations=off\") | not) and
        (.system_boot.linux.mitigations.linux.spectre_v2 | startswith(\"Mitigation: Retpolines\"))' '$R/lm/meta.json'"
[ "$status" -eq 0 ] || tail -5 "$WORK/lm.err" | sed 's/^/#   /'
S=$SU

section "Linux failure reporting"
# A kernel that cannot start /init panics; panic=-1 and -no-reboot end QEMU.
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems linux --run-id lp \
    --qemu-arg -append --qemu-arg "console=ttyS0,115200 quiet panic=-1 rdinit=/nonexistent" \
    >/dev/null 2>"$WORK/lp.err"
status=$?
check "a Linux kernel panic fails the boot with one line and the console tail" \
    bash -c "test $status -eq 1 && grep -q '^bench-run: linux boot 1/1: qemu exited with status 0' '$WORK/lp.err' &&
        grep -q 'Kernel panic - not syncing' '$WORK/lp.err'"
# The program refuses bad words with @@PANIC; /init powers off with its status.
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems linux --run-id lw \
    --qemu-arg -append --qemu-arg "console=ttyS0,115200 quiet panic=-1 bench system=linux wl=pingpong:0" \
    >/dev/null 2>"$WORK/lw.err"
status=$?
check "a Linux guest that prints @@PANIC and no record is reported with its reason" \
    bash -c "test $status -eq 1 && grep -q '^bench-run: linux boot 1/1: guest panic: linux: malformed workload list' '$WORK/lw.err'"

section "bench-run on Linux as Xen's dom0 (linux-pv, tcg, quick)"
# The same program as a dom0 process on the xen system's boot (~50 s).
"$BENCH_RUN" --build "$BUILD" --results "$R" --mode tcg --quick --systems linux-pv --run-id lpv \
    >/dev/null 2>"$WORK/lpv.err"
status=$?
check "bench-run --systems linux-pv --quick exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$WORK/lpv.err" | sed 's/^/#   /'
ref_check lpv
SU=$S
S=$R/lpv/summary.csv
check "linux-pv: every case has a row, in insns with a positive median" \
    test "$(csv '$c["system"] == "linux-pv" && $c["workload"] == "pingpong" && $c["unit"] == "insns" && $c["median"] > 0' "$S" | wc -l)" -eq 26
lx_pageflip linux-pv
blk_checks linux-pv odirect-brd
dev_checks linux-pv odirect-vda
LPV_NULL=$(med linux-pv null-syscall 0) LPV_PIPE=$(med linux-pv pipe 0)
S=$R/l/summary.csv
check "a system call costs more in a PV domain than natively (every one enters Xen first)" \
    lt "$(med linux null-syscall 0)" "$LPV_NULL"
check "a pipe round trip costs more in a PV domain than natively" lt "$(med linux pipe 0)" "$LPV_PIPE"
check "meta.json records dom0's kernel command line with mitigations=off, and what dom0 and Xen turned on: nothing" \
    jq -e '([.boots[] | select(.system == "linux-pv")][0].guest.kernel_cmdline | contains("mitigations=off")) and
        (.system_boot."linux-pv".mitigations | (.dom0.spectre_v2 | startswith("Vulnerable")) and .xen.support_for_pv_vms == "None")' "$R/lpv/meta.json"
S=$SU

# --- make bench as a user types it, every knob --------------------------------
. "$TOP/tests/knobs.sh"

. "$TOP/tests/fuzz.sh"

# --- make compare as a user types it ------------------------------------------
. "$TOP/tests/compare.sh"

# --- interface and trusted computing base (claim C7) --------------------------
. "$TOP/tests/interface.sh"
. "$TOP/tests/liability.sh" # claim C6: make liability on the microkernel

# --- the paper (make paper on a canned run) -----------------------------------
check "paper-verdicts: each claim's rule on either side of its edge, and over the canned run (paper/verdicts/tests)" \
    make -s -C "$TOP/paper/verdicts" BUILD="$BUILD/paper" test
. "$TOP/tests/paper.sh"

# --- plots -------------------------------------------------------------------
section "plots"
check "the ping-pong figure renders to PDF and PNG" \
    bash -c "gnuplot -e \"summary='$S'; outdir='$WORK/plots'\" '$TOP/plots/pingpong.gp' 2>&1 && test -s '$WORK/plots/pingpong.pdf' -a -s '$WORK/plots/pingpong.png'"
# The page-flip figures from a hand-made summary (tests/data/summary-pageflip.csv:
# uk and xen, every mechanism but xen domu-dom0 move), through scripts/plots.sh
# as make plots calls it.
mkdir -p "$WORK/pf/run" && cp "$TOP/tests/data/summary-pageflip.csv" "$WORK/pf/run/summary.csv"
check "make plots renders every workload with rows: ping-pong and both page-flip figures" \
    bash -c "sh '$TOP/scripts/plots.sh' '$WORK/pf/run/summary.csv' '$WORK/pf/out' >'$WORK/pf/out.txt' 2>&1 &&
        for f in pingpong pageflip-batch pageflip-payload; do test -s '$WORK/pf/out'/\$f.pdf -a -s '$WORK/pf/out'/\$f.png || exit 1; done"
check "a summary without null calls gets no system-call figure" test ! -e "$WORK/pf/out/syscall.png"
# The system-call figure from the microkernel-only run (some systems only),
# with the run's mitigation setting from its meta.json.
check "a run with null calls gets the system-call figure (make plots)" \
    bash -c "sh '$TOP/scripts/plots.sh' '$R/a/summary.csv' '$WORK/sc' >'$WORK/sc.txt' 2>&1 &&
        test -s '$WORK/sc/syscall.pdf' -a -s '$WORK/sc/syscall.png' && grep -q '^plots: syscall: ' '$WORK/sc.txt'"
check "a run with block rows gets the block figure (make plots)" \
    bash -c "test -s '$WORK/sc/blkio.pdf' -a -s '$WORK/sc/blkio.png' && grep -q '^plots: blkio: ' '$WORK/sc.txt'"
check "a run with virtio-disk rows gets the device figure (make plots)" \
    bash -c "test -s '$WORK/sc/blkdev.pdf' -a -s '$WORK/sc/blkdev.png' && grep -q '^plots: blkdev: ' '$WORK/sc.txt'"
# Under kvm the device figure adds the throughput at depth 8: the same
# summary as if it were in cycles, with bytes_per_s on the depth-8 rows.
csv 'BEGIN { OFS = "," } { $c["unit"] = "cycles"; $c["counted_by"] = "tsc"
        if ($c["workload"] == "blkdev" && $c["depth"] == 8) $c["bytes_per_s"] = $c["size"] / $c["mean"] * 2e9; print }' \
    "$R/a/summary.csv" | cat <(head -1 "$R/a/summary.csv") - >"$WORK/kvm-summary.csv"
check "the device figure under kvm: three panels, the third the throughput at depth 8 (the title says cycles)" \
    bash -c "gnuplot -e \"summary='$WORK/kvm-summary.csv'; outdir='$WORK/kvm'\" '$TOP/plots/blkdev.gp' 2>&1 &&
        test -s '$WORK/kvm/blkdev.pdf' && test \"\$(file -b '$WORK/kvm/blkdev.png' | sed 's/.*, \\([0-9]*\\) x .*/\\1/')\" -eq 2100"
# Xen's and Linux's rows alone: blkio.gp once failed on them (gnuplot's
# sprintf mangled a "%%" after the longer list of series).
cat "$R/x/summary.csv" <(tail -n +2 "$R/l/summary.csv") >"$WORK/xl-summary.csv"
check "the block figures render from Xen's and Linux's rows alone" \
    bash -c "gnuplot -e \"summary='$WORK/xl-summary.csv'; outdir='$WORK/xl'\" '$TOP/plots/blkio.gp' 2>&1 &&
        gnuplot -e \"summary='$WORK/xl-summary.csv'; outdir='$WORK/xl'\" '$TOP/plots/blkdev.gp' 2>&1 &&
        test -s '$WORK/xl/blkio.png' -a -s '$WORK/xl/blkdev.png'"
check "a profiled run also gets the profile figure and the block figure stacked by where requests ran (make plots)" \
    bash -c "sh '$TOP/scripts/plots.sh' '$R/p/summary.csv' '$WORK/pp' >/dev/null 2>&1 && test -s '$WORK/pp/profile.pdf' -a -s '$WORK/pp/profile.png' -a -s '$WORK/pp/blkio-profile.pdf' -a -s '$WORK/pp/blkio-profile.png'"
# The C6 figure from a hand-made liability.csv (tests/data/liability/: made
# up values in the file's format, both systems, missing values with outcomes).
mkdir -p "$WORK/lb/run" && cp "$TOP/tests/data/liability/liability.csv" "$WORK/lb/run/" &&
    cp "$TOP/tests/data/summary-pageflip.csv" "$WORK/lb/run/summary.csv"
check "a run with liability.csv gets the C6 figure (make plots)" \
    bash -c "sh '$TOP/scripts/plots.sh' '$WORK/lb/run/summary.csv' '$WORK/lb/out' >'$WORK/lb/out.txt' 2>&1 &&
        test -s '$WORK/lb/out/liability.pdf' -a -s '$WORK/lb/out/liability.png' && grep -q '^plots: liability: ' '$WORK/lb/out.txt'"
sed 's/^xen,blkback,stall,detect,\([0-9]*\),insns/xen,blkback,stall,detect,\1,cycles/' "$TOP/tests/data/liability/liability.csv" >"$WORK/lb/mixed.csv"
check "the C6 figure refuses times in two units, naming them" \
    bash -c "! gnuplot -e \"liability='$WORK/lb/mixed.csv'; outdir='$WORK/lb/mx'\" '$TOP/plots/liability.gp' >'$WORK/lb/mx.txt' 2>&1 &&
        grep -q 'more than one unit (insns cycles' '$WORK/lb/mx.txt'"
check "the headline shows the uk and uk-nofp round trips" \
    bash -c "sh '$TOP/scripts/headline.sh' '$S' | grep -cE '^uk(-nofp)? +round trip, two address spaces' | grep -qx 2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
