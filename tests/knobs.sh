# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, count, section, user_make,
# WORK, TOP, BUILD, BENCH_RUN).  `make bench` driven through the top-level Makefile
# the way a user types it, with every knob the README documents, and the
# failures a user can cause: what the harness's own tests cannot show
# (a knob that never reaches bench-run, or breaks the build on its way).

# jq expression on a run's meta.json must print "true".
meta_is() {
    test "$(jq -r "$2" "$1/meta.json" 2>/dev/null)" = true
}
# failed STATUS FILE TEXT: a non-zero status and TEXT (fixed) in FILE.
failed() {
    test "$1" -ne 0 && grep -qF -e "$3" "$2"
}

section "make bench through the top-level Makefile, every knob"
K=$WORK/knobs
mkdir -p "$K"

# 1. Every knob at once, uk only, into a fresh build directory: the
#    microkernel-only run must build nothing of the Xen side.
user_make bench SYSTEMS=uk WORKLOADS=pingpong MODE=tcg RUNS=2 ITERATIONS=200 TIMEOUT=120 \
    KEEP_GOING=1 MITIGATIONS=default PROFILE=1 RESULTS="$K/r1" PLOTS_OUT="$K/p1" BUILD="$K/build" >"$K/1.out" 2>&1
status=$?
check "make bench with every knob exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$K/1.out" | sed 's/^/#   /'
R1=$K/r1/latest
check "BUILD=: the images went to the named build directory" test -s "$K/build/ukernel/ukernel.bin"
check "SYSTEMS=uk builds nothing of the Xen side (no download)" test ! -e "$K/build/xenside"
check "SYSTEMS=uk builds nothing of the Linux system" test ! -e "$K/build/linux"
check "SYSTEMS= and WORKLOADS= reach bench-run" \
    meta_is "$R1" '.systems == ["uk"] and .workloads == ["pingpong"]'
check "MODE=tcg, RUNS=2, KEEP_GOING=1 reach bench-run" \
    meta_is "$R1" '.mode == "tcg" and .runs == 2 and .keep_going == true'
check "ITERATIONS=200 and TIMEOUT=120 reach bench-run" \
    meta_is "$R1" '.iterations.pingpong == 200 and .timeout_s == 120 and .system_boot.uk.timeout_s == 120'
check "MITIGATIONS=default reaches bench-run; the microkernel has none to turn on" \
    meta_is "$R1" '.mitigations == "default" and .system_boot.uk.mitigations == {"ukernel": "none"}'
check "PROFILE=1 reaches bench-run: timing boots, then a profile boot whose figure is drawn" \
    bash -c "jq -e '.profile.ran == true and (.profile.samples_from | startswith(\"the timing boots\"))' '$R1/meta.json' >/dev/null &&
        test -s '$R1/profile.csv' -a -s '$K/p1/profile.png'"
check "RUNS=2 x ITERATIONS=200: every summary row pools 400 samples" \
    csv '$c["workload"] == "pingpong" { rows++; if ($c["n"] != 400) bad = 1 } END { exit bad || rows != 11 }' "$R1/summary.csv"
check "RESULTS= and PLOTS_OUT=: run and figures where asked" \
    test -s "$K/p1/pingpong.pdf" -a -s "$K/p1/pingpong.png" -a -s "$R1/samples.csv"
check "make bench prints the headline" grep -q '^uk .*round trip, two address spaces' "$K/1.out"

# 2. QUICK=1: each workload's own quick count; the time limit is derived.
user_make bench SYSTEMS="uk uk-nofp" QUICK=1 MODE=tcg RESULTS="$K/r2" PLOTS_OUT="$K/p2" \
    BUILD="$BUILD" >"$K/2.out" 2>&1
status=$?
check "make bench QUICK=1 with a space-separated SYSTEMS exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -20 "$K/2.out" | sed 's/^/#   /'
R2=$K/r2/latest
check "QUICK=1 runs each workload's quick count (pingpong: 1000)" \
    meta_is "$R2" '.iterations.pingpong == 1000 and .systems == ["uk", "uk-nofp"]'
check "without TIMEOUT= the per-boot limit is derived from the work" \
    meta_is "$R2" '.timeout_s == null and .system_boot.uk.timeout_s > 60 and .system_boot."uk-nofp".timeout_s > 60'
check "without MITIGATIONS= every system runs with them off" meta_is "$R2" '.mitigations == "off"'

# 3. KEEP_GOING=1 with a system that fails: the others' run is written,
#    marked partial, plotted and headlined; make fails.
cat >"$K/qemu-fails-nofp" <<'EOF'
#!/bin/sh
# A QEMU that plays a triple fault for uk-nofp and is the real one otherwise.
case "$*" in *system=uk-nofp*) exit 0 ;; esac
exec qemu-system-x86_64 "$@"
EOF
chmod +x "$K/qemu-fails-nofp"
BENCH_QEMU=$K/qemu-fails-nofp user_make bench SYSTEMS=uk-nofp,uk MODE=tcg ITERATIONS=104 \
    KEEP_GOING=1 RESULTS="$K/r3" PLOTS_OUT="$K/p3" BUILD="$BUILD" >"$K/3.out" 2>&1
status=$?
R3=$K/r3/latest
check "KEEP_GOING=1 with a failing system: make exits non-zero" test "$status" -ne 0
check "KEEP_GOING=1: the run is complete, marked partial, latest points at it" \
    meta_is "$R3" '.status == "partial" and .failed_systems[0].system == "uk-nofp"'
check "KEEP_GOING=1: meta.json names the failed system's reason" \
    meta_is "$R3" '.failed_systems[0].reason | startswith("qemu exited with status 0")'
check "KEEP_GOING=1: the other system's results are there, the failed one's are not" \
    bash -c "grep -q '^uk,pingpong,inter-as,0,' '$R3/summary.csv' && ! grep -q '^uk-nofp' '$R3/summary.csv'"
check "KEEP_GOING=1: the figure renders what exists" test -s "$K/p3/pingpong.pdf"
check "KEEP_GOING=1: the headline says what is missing" \
    grep -q '^MISSING  uk-nofp: failed at boot 1/1: qemu exited with status 0' "$K/3.out"
BENCH_QEMU=$K/qemu-fails-nofp user_make bench SYSTEMS=uk-nofp,uk MODE=tcg ITERATIONS=104 \
    RESULTS="$K/r4" PLOTS_OUT="$K/p4" BUILD="$BUILD" >"$K/4.out" 2>&1
status=$?
check "without KEEP_GOING the first failed system ends the run" \
    failed "$status" "$K/4.out" "uk-nofp boot 1/1: qemu exited with status 0"
check "... and latest is not set" test ! -e "$K/r4/latest"

# 4. Bad knob values are refused with a reason, before any boot.
user_make bench SYSTEMS=uk,nosuch RESULTS="$K/r5" BUILD="$BUILD" >"$K/5.out" 2>&1
status=$?
check "SYSTEMS= with an unknown name fails, naming the known systems" \
    failed "$status" "$K/5.out" "unknown system 'nosuch' (known: uk, uk-nofp, xen, linux, linux-pv)"
check "... and creates no results directory" test ! -e "$K/r5"
user_make bench SYSTEMS=uk ITERATIONS=lots RESULTS="$K/r6" BUILD="$BUILD" >"$K/6.out" 2>&1
status=$?
check "ITERATIONS= that is not a number fails with a reason" \
    failed "$status" "$K/6.out" "--iterations: 'lots' is not a positive integer"
user_make bench SYSTEMS=uk ITERATIONS=100 RESULTS="$K/r6b" BUILD="$BUILD" >"$K/6b.out" 2>&1
status=$?
check "ITERATIONS= that blkio cannot use (not a multiple of 8) fails naming the two nearest" \
    failed "$status" "$K/6b.out" "--iterations 100: blkio needs a multiple of 8 (use 96 or 104, or leave blkio out with --workloads)"
user_make bench SYSTEMS=uk MODE=fast RESULTS="$K/r7" BUILD="$BUILD" >"$K/7.out" 2>&1
status=$?
check "MODE= that is not auto, kvm or tcg fails with a reason" \
    failed "$status" "$K/7.out" "--mode: 'fast' is not auto, kvm or tcg"

user_make bench SYSTEMS=uk MITIGATIONS=on RESULTS="$K/r8" BUILD="$BUILD" >"$K/8.out" 2>&1
status=$?
check "MITIGATIONS= that is not off or default fails with a one-line reason" \
    failed "$status" "$K/8.out" "bench-run: bad arguments: --mitigations: 'on' is not off or default"

# 4b. make profile with HOT= and a RESULTS= relative to the project, the
#     way a user types it (QEMU runs in the run directory: a relative
#     path once broke the plugin's output file).
section "make profile HOT=, relative RESULTS="
RREL=$(realpath --relative-to="$TOP" "$K/rprof")
user_make profile SYSTEMS=uk WORKLOADS=pingpong MODE=tcg ITERATIONS=200 HOT=0-99 \
    RESULTS="$RREL" PLOTS_OUT="$K/pprof" BUILD="$BUILD" >"$K/prof.out" 2>&1
status=$?
check "make profile with a relative RESULTS= exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -5 "$K/prof.out" | sed 's/^/#   /'
check "make profile is the profile pass alone: profile.csv, and the summary from the profile boot" \
    bash -c "test -s '$K/rprof/latest/profile.csv' && test -s '$K/rprof/latest/summary.csv' &&
        jq -e '.profile.ran == true and (.profile.samples_from | startswith(\"the profile boots\")) and
               ([.boots[] | select(.run > 0)] | length) == 0' '$K/rprof/latest/meta.json' >/dev/null"
check "HOT=0-99: hot-uk.csv holds the blocks of 100 windows (their counts less the end markers)" \
    test "$(awk -F, 'NR > 1 { s += $5 } END { print s + 0 }' "$K/rprof/latest/hot-uk.csv" 2>/dev/null)" = \
    "$(awk -F, 'NR > 1 && $1 < 100 { s += $3 - 1 } END { print s + 0 }' "$K/rprof/latest/windows-uk.csv" 2>/dev/null)"

# 5. A full disk under a run is named as such (root: a small tmpfs in a
#    private mount namespace, gone when the test ends).
section "a full disk names its cause"
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    mkdir -p "$K/full"
    unshare -m bash -c "mount -t tmpfs -o size=64k tmpfs '$K/full' &&
        '$BENCH_RUN' --build '$BUILD' --results '$K/full/r' --mode tcg --systems uk \
            --iterations 3000 --run-id full >/dev/null 2>'$K/full.err'
        echo \$? >'$K/full.rc'"
    check "a run whose disk fills up fails with exit 3 and 'disk full'" \
        failed "$(cat "$K/full.rc")" "$K/full.err" "uk boot 1/1: disk full: "
    check "... exit status 3 (environment)" test "$(cat "$K/full.rc")" = 3
    grep 'disk full' "$K/full.err" | sed 's/^/#   /'
else
    count <<<"ok - a run whose disk fills up fails with exit 3 and 'disk full' # SKIP needs root and unshare"
fi
