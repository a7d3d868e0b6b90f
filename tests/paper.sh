# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, count, section, csv, user_make,
# WORK, TOP, BUILD).  `make paper` on the canned run tests/data/paper-run
# (its README says what it holds): the PDF is written, every macro the
# text uses is defined, no "??" or undefined reference remains, a median
# of summary.csv is in the PDF's text; a run with only summary.csv and
# meta.json still builds and says what it lacks; paper-gen's refusals and
# escaping.  About 30 seconds (the figures are most of it).
# shellcheck disable=SC2016 # awk programs (csv) in single quotes, as in run.sh

section "the paper (make paper, tests/paper.sh)"
P=$WORK/paper
PD=$TOP/tests/data/paper-run
# A stand-in for paper-verdicts while paper/verdicts/ is not there yet:
# the contract's macros with placeholder text.  Once paper/verdicts/
# exists, the real program runs and this is unused.
stub_verdicts() {
    cat >"$P/stub-verdicts.sh" <<'STUB'
#!/bin/sh
for n in One Two Three Four Five Six Seven; do
    printf '\\newcommand{\\VerdictC%s}{not decidable: no paper/verdicts in this tree}\n' "$n"
    printf '\\newcommand{\\VerdictC%sRule}{none.}\n\\newcommand{\\VerdictC%sEvidence}{none.}\n' "$n" "$n"
    printf '\\newcommand{\\VerdictC%sNeeds}{}\n' "$n"
done >"$2/verdicts.tex"
STUB
    chmod +x "$P/stub-verdicts.sh"
}
# build_paper NAME RUN_FILES...: a results directory NAME holding a run of
# the canned files given, and make paper on it (the top-level target; or
# paper/Makefile with the stub verdicts when paper/verdicts is absent).
build_paper() {
    local name=$1 run=$P/$1/20261130-172438-tcg
    shift
    mkdir -p "$run" && ln -sfn 20261130-172438-tcg "$P/$name/latest"
    for f in "$@"; do cp "$PD/$f" "$run/"; done
    if [ -r "$TOP/paper/verdicts/Makefile" ]; then
        user_make paper RESULTS="$P/$name" BUILD="$P/build-$name"
    else
        stub_verdicts
        env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP/paper" BUILD="$P/build-$name/paper" RUN="$run" \
            VERDICTS="$P/stub-verdicts.sh" && cp "$P/build-$name/paper/paper.pdf" "$run/paper.pdf"
    fi
}
mkdir -p "$P"

# 1. The full canned run, timed (make paper alone must stay under 2 minutes).
start=$(date +%s)
build_paper full summary.csv meta.json profile.csv interface.csv liability.csv windows-xen-1-device.csv \
    >"$P/full.out" 2>&1
status=$?
secs=$(($(date +%s) - start))
check "make paper on the canned run exits 0 and writes latest/paper.pdf" \
    test "$status" -eq 0 -a -s "$P/full/latest/paper.pdf"
[ "$status" -eq 0 ] || tail -15 "$P/full.out" | sed 's/^/#   /'
check "make paper took under 2 minutes (${secs} s)" test "$secs" -lt 120
G=$P/build-full/paper/gen
pdftotext "$P/full/latest/paper.pdf" "$P/full.txt" 2>/dev/null
check "the LaTeX log has no undefined control sequence or reference" \
    bash -c "test -s '$G/paper.log' && ! grep -E 'Undefined control sequence|undefined references|Reference .* undefined' '$G/paper.log'"
# Every \Name the sources use (a capital: the suite's own macros) is
# defined by a \newcommand of the sources or the generated files.
grep -ohE '\\[A-Z][A-Za-z]*' "$TOP"/paper/*.tex | grep -vx '\\IfFileExists' | sort -u >"$P/used"
cat "$TOP"/paper/*.tex "$G"/*.tex | grep -oE '\\newcommand\{\\[A-Za-z]+\}' |
    sed 's/\\newcommand{\(.*\)}/\1/' | sort -u >"$P/defined"
check "every macro the paper's text uses is defined ($(wc -l <"$P/used") used)" \
    bash -c "test -s '$P/used' && ! comm -23 '$P/used' '$P/defined' | grep ."
check "the PDF's text has no ?? (unresolved reference)" \
    bash -c "test -s '$P/full.txt' && ! grep -F '??' '$P/full.txt'"
# A median from summary.csv, as the paper prints it (grouped by thousands
# from five digits): the microkernel's and Xen's domU-dom0 round trips.
group() { awk '{ n = $0; if (length(n) >= 5) { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } n = n s } print n }'; }
uk=$(csv '$c["system"] == "uk" && $c["variant"] == "inter-as" && $c["payload"] == "0" { print $c["median"] }' "$PD/summary.csv")
xen=$(csv '$c["system"] == "xen" && $c["variant"] == "domu-dom0" && $c["payload"] == "0" { print $c["median"] }' "$PD/summary.csv" | group)
check "the PDF cites summary.csv's medians: uk inter-as $uk, xen domu-dom0 $xen" \
    bash -c "test -n '$uk' -a -n '$xen' && grep -q 'takes $uk ' '$P/full.txt' && grep -qF '$xen' '$P/full.txt'"
xing=$(csv '$c["system"] == "uk" && $c["workload"] == "blkio" && $c["size"] == "4096" && $c["pattern"] == "seq" && $c["direction"] == "read" && $c["depth"] == "1" { print $c["crossings"]; exit }' "$PD/profile.csv")
check "the PDF cites profile.csv: uk's crossings per 4 KiB read ($xing)" \
    bash -c "test -n '$xing' && tr '\n' ' ' <'$P/full.txt' | grep -q 'disk crosses $xing times on uk'"
check "the PDF has the tables of liability.csv and interface.csv" \
    bash -c "grep -q 'served after root restarted it' '$P/full.txt' && grep -q 'xen-domU-io' '$P/full.txt'"
check "the PDF has the run's figures (ping-pong, page flip, block I/O, null calls, profile, liability)" \
    bash -c "for f in pingpong pageflip-batch pageflip-payload blkio blkdev syscall blkio-profile liability; do
        test -s '$G/fig/'\$f.pdf && ! grep -q \"Figure \$f not made\" '$P/full.txt' || exit 1; done"

# 2. A run with summary.csv and meta.json only (no profile, interface,
#    liability): it builds, and says what is missing and how to get it.
build_paper bare summary.csv meta.json >"$P/bare.out" 2>&1
status=$?
check "make paper on a run without profile.csv (nor interface.csv, liability.csv) exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -15 "$P/bare.out" | sed 's/^/#   /'
pdftotext "$P/bare/latest/paper.pdf" "$P/bare.txt" 2>/dev/null
check "... and its text says what was not measured and how, with no ??" \
    bash -c "tr '\n' ' ' <'$P/bare.txt' | grep -q 'not measured in this run (no profile.csv' &&
        grep -q 'make interface' '$P/bare.txt' && ! grep -F '??' '$P/bare.txt'"

# 3. make paper without a run, and paper-gen's refusals and escaping.
mkdir -p "$P/none"
user_make paper RESULTS="$P/none" BUILD="$P/build-none" >"$P/none.out" 2>&1
status=$?
check "make paper without a run fails and says to run make bench" \
    bash -c "test $status -ne 0 && grep -q 'no run in .*make bench' '$P/none.out'"
GEN=$P/build-full/paper/paper-gen
mkdir -p "$P/bad" "$P/badout"
"$GEN" "$P/bad" "$P/badout" >"$P/gen1.out" 2>&1
status=$?
check "paper-gen without summary.csv: exit 2, naming the file" \
    bash -c "test $status -eq 2 && grep -q 'summary.csv' '$P/gen1.out'"
cp "$PD/summary.csv" "$PD/meta.json" "$P/bad/" && echo 'uk,pingpong,short' >>"$P/bad/summary.csv"
"$GEN" "$P/bad" "$P/badout" >"$P/gen2.out" 2>&1
status=$?
check "paper-gen on a row with too few fields: exit 2 with file and line" \
    bash -c "test $status -eq 2 && grep -q 'summary.csv:[0-9]*: 3 fields' '$P/gen2.out'"
cp "$PD/summary.csv" "$P/bad/" && jq '.qemu_package = "a_b#c%d&e$f{g}h~i^j\\k"' "$PD/meta.json" >"$P/bad/meta.json"
"$GEN" "$P/bad" "$P/badout" >"$P/gen3.out" 2>&1
check "paper-gen escapes LaTeX's special characters in meta.json's strings" \
    grep -qF '\newcommand{\QemuPackage}{a\_b\#c\%d\&e\$f\{g\}h\textasciitilde{}i\textasciicircum{}j\textbackslash{}k}' "$P/badout/numbers.tex"
