#!/bin/sh
# SPDX-License-Identifier: MIT
# Print the headline of a run: for every system, the empty (0-byte)
# ping-pong round trip across protection domains, the null kernel entry
# and a 4 KiB block read at queue depth 1 down the system's driver path
# to the RAM disk and to the virtio disk (under tcg the latter counted by
# the profiler in every protection domain, so said "all domains"),
# read from summary.csv (columns found by their header names, format in
# harness/README.md); the kernel size recorded in meta.json; and the
# systems a partial run (--keep-going) is missing.
set -u
summary=${1:?usage: headline.sh results/RUN/summary.csv}
[ -r "$summary" ] || { echo "headline: cannot read $summary" >&2; exit 1; }
awk -F, '
function show(what) {
    unit = $c["unit"] == "insns" ? "guest instructions" : $c["unit"]
    if ("counted_by" in c && $c["counted_by"] == "plugin") unit = unit ", all domains"
    printf "%-8s %-52s median %6s %s (p5 %s, p95 %s, n %s)\n", $c["system"], what, $c["median"], unit, $c["p5"], $c["p95"], $c["n"]
    found = 1
}
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["workload"] == "blkio" && $c["size"] == 4096 && $c["pattern"] == "seq" && $c["direction"] == "read" && $c["depth"] == 1 {
    show("4 KiB block read, depth 1, " $c["variant"]); next }
$c["workload"] == "blkdev" && $c["size"] == 4096 && $c["pattern"] == "seq" && $c["direction"] == "read" && $c["depth"] == 1 {
    show("4 KiB virtio-disk read, depth 1, " $c["variant"]); next }
$c["workload"] != "pingpong" || $c["payload"] != "0" { next }
$c["variant"] == "inter-as" { show("round trip, two address spaces, IPC call/reply") }
$c["variant"] == "domu-domu" { show("round trip, two domUs, event channel + shared ring") }
$c["variant"] == "domu-dom0" { show("round trip, domU to a dom0 process") }
$c["variant"] == "pipe" { show("round trip, two processes, pipe pair") }
$c["variant"] == "futex" { show("round trip, two processes, futex + shared page") }
$c["variant"] == "null-syscall" { show("null system call") }
$c["variant"] == "null-hypercall" { show("null hypercall") }
END { if (!found) print "headline: no ping-pong or block results in this run" }
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
    | [.boots[] | select(.run == 1 and .guest.map_per_page_1 != null)] | unique_by(.system)[]
    | "\(.system) map: \(.guest.map_per_page_1) \($u) per page, one page per call; \(.guest.map_per_page_64) per page, 64 pages per call"' "$meta"
jq -r 'select(.status == "partial") | .failed_systems[]
    | "MISSING  \(.system): failed at boot \(.boot): \(.reason)"' "$meta"
exit 0
