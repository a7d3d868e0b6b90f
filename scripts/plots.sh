#!/bin/sh
# SPDX-License-Identifier: MIT
# Render every figure a run has data for: plots/<workload>.gp for each
# workload with rows in summary.csv (found by the "workload" column), so a
# new workload's figure needs no edit here; plots/syscall.gp when the
# summary has null calls (ping-pong variants null-*); and plots/profile.gp
# when the run was profiled (profile.csv); plots/liability.gp when the run
# has liability.csv (claim C6).  Prints what it wrote.
#   sh scripts/plots.sh results/latest/summary.csv plots/out
set -u
summary=${1:?usage: plots.sh SUMMARY OUTDIR}
outdir=${2:?usage: plots.sh SUMMARY OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
[ -r "$summary" ] || { echo "plots: no $summary; run 'make bench' first" >&2; exit 1; }
mkdir -p "$outdir" || exit 1
workloads=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "workload") w = i; next }
    w && !seen[$w]++ { print $w }' "$summary")
made=0
for wl in $workloads; do
    script=$here/plots/$wl.gp
    [ -r "$script" ] || { echo "plots: no figure for workload $wl (no plots/$wl.gp)"; continue; }
    gnuplot -e "summary='$summary'; outdir='$outdir'" "$script" || exit 1
    echo "plots: $wl: $(cd "$outdir" && ls -1 "$wl".* "$wl"-* 2>/dev/null | sed "s|^|$outdir/|" | tr '\n' ' ')"
    made=$((made + 1))
done
# The system-call figure: every system's null call side by side, with the
# run's mitigation setting from its meta.json (if there is one).
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["workload"] == "pingpong" && substr($c["variant"], 1, 5) == "null-" { found = 1; exit }
    END { exit !found }' "$summary"; then
    meta=$(dirname "$summary")/meta.json
    mitigations=$(jq -r '.mitigations // empty' "$meta" 2>/dev/null)
    case "$mitigations" in *[!a-z]*) mitigations= ;; esac # one word into gnuplot's -e
    gnuplot -e "summary='$summary'; outdir='$outdir'; mitigations='$mitigations'" \
        "$here/plots/syscall.gp" || exit 1
    echo "plots: syscall: $outdir/syscall.pdf $outdir/syscall.png"
fi
# A profiled run (make profile) also has profile.csv beside its summary.
profile=$(dirname "$summary")/profile.csv
if [ -r "$profile" ] && awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["workload"] == "pingpong" || $c["workload"] == "pageflip" { found = 1; exit }
    END { exit !found }' "$profile"; then
    # (a profile of block requests alone has its figure from blkio.gp)
    gnuplot -e "profile='$profile'; outdir='$outdir'" "$here/plots/profile.gp" || exit 1
    echo "plots: profile: $outdir/profile.pdf $outdir/profile.png"
fi
# Claim C6: the failure scenarios' table (scripts/liability.sh) beside it.
liability=$(dirname "$summary")/liability.csv
if [ -r "$liability" ]; then
    gnuplot -e "liability='$liability'; outdir='$outdir'" "$here/plots/liability.gp" || exit 1
    echo "plots: liability: $outdir/liability.pdf $outdir/liability.png"
fi
# A run of workloads that have no figure yet (blkdev) is not an error:
# its numbers are in the summary and the headline.
[ -n "$workloads" ] || { echo "plots: $summary has no rows" >&2; exit 1; }
[ "$made" -gt 0 ] || echo "plots: no figure for this run's workloads: $(printf '%s ' $workloads)"
