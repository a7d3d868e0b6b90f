#!/bin/sh
# SPDX-License-Identifier: MIT
# Name the functions a profile's hot windows ran in.
#
#   profiler/hotspots.sh [-n WINDOWS] [-t TOP] HOT.csv SYMBOLS...
#
# HOT.csv is a hot-<system>.csv of a profile run (bench-run --profile-hot,
# `make profile HOT=FIRST-LAST`): the instructions each code block
# executed inside the chosen windows.  SYMBOLS are ELF files (read with
# nm) or symbol maps in nm's format ("ADDR TYPE NAME", ADDR with or without
# 0x), e.g. Xen's xen-syms map from Debian's xen-hypervisor-*-dbg package.
# A block counts for the function whose symbol is the closest at or below
# its first instruction; blocks below every symbol, or in code no file
# names, go under "?".  Prints one line per function, most executed first:
# place, domain, instructions, their share and, with -n, instructions per
# window; the first line, (all), is the total.
set -eu

usage() {
    echo "usage: $0 [-n WINDOWS] [-t TOP] HOT.csv SYMBOLS..." >&2
    exit 2
}
windows=0
top=40
while getopts n:t: opt; do
    case $opt in
    n) windows=$OPTARG ;;
    t) top=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
case $windows$top in *[!0-9]*) echo "$0: -n and -t take a number" >&2; exit 2 ;; esac
hot=$1
shift
[ -r "$hot" ] || { echo "$0: cannot read $hot" >&2; exit 1; }
head -1 "$hot" | grep -q '^vaddr,place,dom,block_insns,executed$' ||
    { echo "$0: $hot is not a hot-spot file of wlprof (header)" >&2; exit 1; }

syms=$(mktemp)
trap 'rm -f "$syms"' EXIT
for f in "$@"; do
    [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 1; }
    if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
        nm "$f"
    else
        cat "$f"
    fi
done |
    # Code symbols only, addresses as 16 lower-case hex digits, so string
    # order is address order (awk's numbers cannot hold 64-bit addresses).
    awk '$2 ~ /^[TtWw]$/ && NF >= 3 {
             a = tolower($1); sub(/^0x/, "", a)
             if (a !~ /^[0-9a-f]+$/ || length(a) > 16) next
             while (length(a) < 16) a = "0" a
             print a, $3
         }' | sort -u -k1,1 >"$syms"
[ -s "$syms" ] || { echo "$0: no code symbols in $*" >&2; exit 1; }

awk -F, -v windows="$windows" -v top="$top" -v syms="$syms" '
    BEGIN {
        while ((getline line < syms) > 0) {
            split(line, f, " ")
            n++; addr[n] = "x" f[1]; name[n] = f[2]
        }
    }
    # The last symbol at or below a ("x" + 16 hex digits), by bisection.
    function lookup(a,    lo, hi, mid) {
        lo = 1; hi = n
        if (a < addr[1]) return "?"
        while (lo < hi) {
            mid = int((lo + hi + 1) / 2)
            if (addr[mid] <= a) lo = mid; else hi = mid - 1
        }
        return name[lo]
    }
    NR > 1 {
        a = tolower($1); sub(/^0x/, "", a)
        while (length(a) < 16) a = "0" a
        key = lookup("x" a) SUBSEP $2 SUBSEP $3
        sum[key] += $5; total += $5
    }
    END {
        if (!total) { print "no instructions in the hot windows" > "/dev/stderr"; exit 1 }
        printf "%-40s %-6s %-4s %12s %7s%s\n", "function", "place", "dom", "insns", "share",
               windows ? sprintf(" %12s", "per window") : ""
        for (k in sum) {
            split(k, p, SUBSEP)
            printf "%-40s %-6s %-4s %12d %6.2f%%%s\n", p[1], p[2], p[3], sum[k],
                   100 * sum[k] / total, windows ? sprintf(" %12.1f", sum[k] / windows) : ""
        }
        printf "%-40s %-6s %-4s %12d %6.2f%%%s\n", "(all)", "-", "-", total, 100,
               windows ? sprintf(" %12.1f", total / windows) : ""
    }' "$hot" | { IFS= read -r header; echo "$header"; sort -k4,4nr | head -n "$top"; }
