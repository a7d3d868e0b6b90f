#!/bin/sh
# SPDX-License-Identifier: MIT
# Print the headline of a run: the microkernel's inter-address-space
# ping-pong round trip (0-byte payload), with and without the IPC fastpath,
# read from summary.csv (columns: system,workload,variant,param,unit,n,min,
# median,mean,p5,p95,stddev), and the kernel size recorded in meta.json.
set -u
summary=${1:?usage: headline.sh results/RUN/summary.csv}
[ -r "$summary" ] || { echo "headline: cannot read $summary" >&2; exit 1; }
awk -F, '
$2 == "pingpong" && $3 == "inter-as" && $4 == "0" && ($1 == "uk" || $1 == "uk-nofp") {
    unit = $5 == "insns" ? "guest instructions" : $5
    label = $1 == "uk" ? "fastpath on " : "fastpath off"
    printf "uk ping-pong round trip between two address spaces, 0 bytes, %s: median %s %s (p5 %s, p95 %s, n %s)\n", label, $8, unit, $10, $11, $6
    found = 1
}
END { if (!found) print "headline: no uk inter-as ping-pong in this run" }
' "$summary"

# The kernel's size, from the run's meta.json (system_boot.<name>.size).
meta=$(dirname "$summary")/meta.json
[ -r "$meta" ] && awk '
/^    "[a-z0-9_-]+": \{$/ { sys = $1; gsub(/[":]/, "", sys) }
/"text_bytes":/ { t = $2 + 0 }
/"data_bytes":/ { d = $2 + 0 }
/"source_lines":/ { printf "%s kernel: %d bytes of code, %d bytes of data, %d lines of source\n", sys, t, d, $2 + 0 }
' "$meta"
exit 0
