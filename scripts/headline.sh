#!/bin/sh
# SPDX-License-Identifier: MIT
# Print the headline of a run: for every system, the empty (0-byte)
# ping-pong round trip across protection domains and the null kernel entry,
# read from summary.csv (columns: system,workload,variant,param,unit,n,min,
# median,mean,p5,p95,stddev); the kernel size recorded in meta.json; and
# the systems a partial run (--keep-going) is missing.
set -u
summary=${1:?usage: headline.sh results/RUN/summary.csv}
[ -r "$summary" ] || { echo "headline: cannot read $summary" >&2; exit 1; }
awk -F, '
function show(what) {
    unit = $5 == "insns" ? "guest instructions" : $5
    printf "%-8s %-52s median %6s %s (p5 %s, p95 %s, n %s)\n", $1, what, $8, unit, $10, $11, $6
    found = 1
}
$2 != "pingpong" || $4 != "0" { next }
$3 == "inter-as" { show("round trip, two address spaces, IPC call/reply") }
$3 == "domu-domu" { show("round trip, two domUs, event channel + shared ring") }
$3 == "domu-dom0" { show("round trip, domU to a dom0 process") }
$3 == "null-syscall" { show("null system call") }
$3 == "null-hypercall" { show("null hypercall") }
END { if (!found) print "headline: no ping-pong results in this run" }
' "$summary"

# From the run's meta.json: the kernel's size (system_boot.<name>.size)
# and, for a partial run (--keep-going), which systems are missing and why.
meta=$(dirname "$summary")/meta.json
[ -r "$meta" ] || exit 0
jq -r '.system_boot | to_entries[] | select(.value.size != null)
    | "\(.key) kernel: \(.value.size.text_bytes) bytes of code, \(.value.size.data_bytes) bytes of data, \(.value.size.source_lines) lines of source"' "$meta" ||
    echo "headline: cannot read $meta" >&2
# The microkernel's map cost, measured by its root task at boot (mapbench.c).
jq -r '(if .unit == "insns" then "guest instructions" else .unit end) as $u
    | [.boots[] | select(.run == 1 and .guest.map_per_page_1 != null)][]
    | "\(.system) map: \(.guest.map_per_page_1) \($u) per page, one page per call; \(.guest.map_per_page_64) per page, 64 pages per call"' "$meta"
jq -r 'select(.status == "partial") | .failed_systems[]
    | "MISSING  \(.system): failed at boot \(.boot): \(.reason)"' "$meta"
exit 0
