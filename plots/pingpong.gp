# SPDX-License-Identifier: MIT
#
# Ping-pong round-trip cost per system, from a run's summary.csv.
#
# One cluster of bars per measured path (variant, plus the parameter when
# the variant was swept, e.g. "payload 512"), one bar per system; the bar
# is the median, the whisker spans p5..p95.  Systems, clusters and the unit
# are all read from the file, so a new system needs no edit here.
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" \
#       plots/pingpong.gp
#
# writes <outdir>/pingpong.pdf and <outdir>/pingpong.png.  Columns are
# found by their header names, not their positions.

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("pingpong.gp: cannot read %s", summary)
	exit status 1
}

# awk reads the CSV (names never contain commas or quotes: wl_record.h).
awk = "awk -F, "
hdr = 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["workload"] != "pingpong" { next } '

# Systems in first-seen order, space-separated.
systems = system(awk . "'" . hdr . '!($c["system"] in s) { s[$c["system"]] = 1; printf "%s ", $c["system"] }' . "' '" . summary . "'")
# The unit; "mixed" if rows disagree (a summary holds one run).
unit = system(awk . "'" . hdr . '{ u = (u == "" || u == $c["unit"]) ? $c["unit"] : "mixed" } END { print u }' . "' '" . summary . "'")

# Number of clusters, to frame the x axis.
nclus = int(system(awk . "'" . hdr . '!(($c["variant"], $c["param"]) in k) { k[$c["variant"], $c["param"]] = 1; n++ } END { print n + 0 }' . "' '" . summary . "'"))

# Smallest p5 and largest p95, to frame the y axis.
ymin = real(system(awk . "'" . hdr . '{ if (n++ == 0 || $c["p5"] < m) m = $c["p5"] } END { print m + 0 }' . "' '" . summary . "'"))
ymax = real(system(awk . "'" . hdr . '{ if (n++ == 0 || $c["p95"] > m) m = $c["p95"] } END { print m + 0 }' . "' '" . summary . "'"))

if (words(systems) == 0) {
	print sprintf("pingpong.gp: no pingpong rows in %s", summary)
	exit status 1
}
if (unit eq "mixed") {
	print sprintf("pingpong.gp: %s mixes units", summary)
	exit status 1
}
nsys = words(systems)

# Pivot: one line per cluster, label then median p5 p95 for each system
# ("?" where a system has no such row).
pivot = hdr . '{ s = $c["system"]; v = $c["variant"]; p = $c["param"]; k = v SUBSEP p; ' . \
	'if (!(s in si)) { si[s] = ++ns; sn[ns] = s } ' . \
	'if (!(k in ki)) { ki[k] = ++nk; kv[nk] = v; kp[nk] = p; np[v]++ } ' . \
	'med[k, s] = $c["median"]; lo[k, s] = $c["p5"]; hi[k, s] = $c["p95"] } ' . \
	'END { for (j = 1; j <= nk; j++) { v = kv[j]; p = kp[j]; k = v SUBSEP p; ' . \
	'line = "\"" ((np[v] == 1 && p == 0) ? v : v " " p) "\""; ' . \
	'for (i = 1; i <= ns; i++) { s = sn[i]; ' . \
	'line = line (((k, s) in med) ? " " med[k, s] " " lo[k, s] " " hi[k, s] : " ? ? ?") } ' . \
	'print line } }'
data = "< " . awk . "'" . pivot . "' '" . summary . "'"

if (unit eq "insns") {
	ylab = "round trip (guest instructions, QEMU icount)"
} else {
	if (unit eq "cycles") {
		ylab = "round trip (cycles)"
	} else {
		ylab = sprintf("round trip (%s)", unit)
	}
}

system(sprintf("mkdir -p '%s'", outdir))

set datafile missing "?"
set style data histogram
set style histogram errorbars gap 1 lw 1
set boxwidth 0.9
set style fill solid 0.75 border -1
set bars front
# Costs span orders of magnitude across systems; -e "logy=0" for linear.
if (!exists("logy")) logy = 1
# Log bars need a base below every bar: the decade under the smallest p5.
# Tics at 1, 2 and 5 per decade keep narrow ranges readable.
if (logy && ymin > 0) {
	set logscale y
	dlo = floor(log10(ymin))
	dhi = ceil(log10(ymax * 4))
	set yrange [10**dlo : ymax * 4]
	set ytics () format "%.0f"
	do for [d = dlo:dhi] {
		set ytics add (10**d, 2 * 10**d, 5 * 10**d)
	}
} else {
	set yrange [0 : ymax * 1.2]
}
set grid ytics mytics lc rgb "#dddddd"
set ylabel ylab
set xrange [-0.5:nclus - 0.5]
set xtics nomirror scale 0
set ytics nomirror
set key top left horizontal reverse Left box opaque
set title "IPC ping-pong: median, whiskers p5..p95"

# Histogram layout: cluster j sits at x = j, its nsys bars are each
# 1/(nsys + gap) wide; the median is printed above each whisker.
gap = 1
barx(i) = $0 + (i - 1 - (nsys - 1) / 2.0) / (nsys + gap)
num(y) = sprintf(y >= 1000 ? "%.0f" : "%g", y)

set terminal pdfcairo noenhanced size 6.5in,3.6in font "Sans,10"
set output outdir . "/pingpong.pdf"
plot for [i = 1:nsys] data using (column(3*i - 1)):(column(3*i)):(column(3*i + 1)):xtic(1) title word(systems, i), \
     for [i = 1:nsys] data using (barx(i)):(column(3*i + 1)):(num(column(3*i - 1))) \
         with labels offset char 0,0.7 font ",7" notitle

set terminal pngcairo noenhanced size 1300,720 font "Sans,11"
set output outdir . "/pingpong.png"
replot
unset output
