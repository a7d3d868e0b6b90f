# SPDX-License-Identifier: MIT
#
# The system-call figure (claim C4): the cheapest kernel entry of every
# system in a run, side by side in one unit - the null system call of the
# microkernel, of native Linux and of Linux as a PV domain, and the null
# hypercall of the minimal PV guest.  From a run's summary.csv: every
# pingpong row whose variant starts with "null-"; one bar per (system,
# variant) in first-seen order, the system under the bar, the mechanism
# (the variant) and the median on it.  Bar = median, whisker = p5..p95.
# Systems get the hues they have in pingpong.gp (first-seen order of all
# pingpong rows).  Nothing is known by name: a run with some systems only
# shows those.
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" plots/syscall.gp
#
# writes <outdir>/syscall.pdf and syscall.png.  Optional: -e
# "mitigations='off'" (scripts/plots.sh passes meta.json's) names the
# run's speculative-execution mitigation setting in the title.  Columns
# are found by their header names.

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'
if (!exists("mitigations")) mitigations = ''

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("syscall.gp: cannot read %s", summary)
	exit status 1
}

# awk (POSIX): with -v out=rows, "bar hue median p5 p95 system variant"
# per null-call row; otherwise gnuplot assignments: the number of bars,
# the unit ("mixed" if rows differ) and the largest p95.
prog = \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'$c["workload"] != "pingpong" { next } ' . \
'{ s = $c["system"]; if (!(s in hue)) hue[s] = ++ns } ' . \
'substr($c["variant"], 1, 5) != "null-" { next } ' . \
'{ u = (n == 0 || u == $c["unit"]) ? $c["unit"] : "mixed"; ' . \
'  if (n == 0 || $c["p95"] + 0 > hi) hi = $c["p95"] + 0; ' . \
'  if (out == "rows") print n + 0, hue[s], $c["median"], $c["p5"], $c["p95"], s, $c["variant"]; n++ } ' . \
'END { if (out != "rows") printf "nbars = %d; unit = \"%s\"; yhi = %.10g\n", n, u, hi }'
run(out) = sprintf("awk -F, -v out=%s '%s' '%s'", out, prog, summary)

eval system(run("meta"))
if (nbars == 0) {
	print sprintf("syscall.gp: no null-call rows (pingpong, variant null-*) in %s", summary)
	exit status 1
}
if (unit eq "mixed") {
	print sprintf("syscall.gp: %s mixes units", summary)
	exit status 1
}
data = "< " . run("rows")

udesc = (unit eq "insns") ? "guest instructions, QEMU icount" : unit
# What the unit hides (DESIGN.md), and what the bars are not: said on
# the figure.
bias = (unit eq "insns") ? \
	"tcg: instructions, not cycles - a mode switch, a page-table switch or a TLB flush costs one instruction,\nso the hardware cost of every entry (and of Xen's switch to a PV guest's kernel) is understated" : \
	"kvm: TSC cycles, including mode and page-table switches"
work = "the calls do different work: Linux's getppid goes through its system-call dispatch, the microkernel's null call does nothing,\nXen's null hypercall is made by a guest kernel (no user-kernel switch)"
mitig = (mitigations eq "") ? "" : (mitigations eq "default") ? \
	"; each system's shipped speculative-execution mitigations" : \
	sprintf("; speculative-execution mitigations %s", mitigations)

# Okabe-Ito, as pingpong.gp.
array hue[7] = [0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0xd55e00, 0x56b4e9, 0x000000]
syscol(s) = hue[(int(s) - 1) % |hue| + 1]

system(sprintf("mkdir -p '%s'", outdir))

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 8in,4.5in font "Sans,9"
	} else {
		set terminal pngcairo noenhanced size 1400,780 font "Sans,11"
	}
	set output outdir . "/syscall." . fmt
	reset
	set title sprintf("Null kernel entry: median, whiskers p5–p95 (%s%s)\n%s", udesc, mitig, bias)
	# Below the axis: what the bars are not.
	set bmargin 6
	set label 1 work at screen 0.5, screen 0.045 center font ",8"
	set style fill solid 1.0 border lc rgb "#404040"
	set grid ytics lc rgb "#dddddd" lw 0.5
	set xtics nomirror scale 0
	set ytics nomirror
	set ylabel sprintf("null call (%s)", udesc)
	# At least three bars' room, so one or two bars are not too wide.
	xhalf = (nbars < 3 ? 3 : nbars) / 2.0 + 0.1
	set xrange [(nbars - 1) / 2.0 - xhalf : (nbars - 1) / 2.0 + xhalf]
	# Room above the tallest whisker for the two-line label.
	set yrange [0 : yhi * 1.3]
	unset key
	plot data using 1:3:($1 - 0.3):($1 + 0.3):(0):3:(syscol($2)):xtic(6) with boxxyerror lc rgb variable, \
	     data using 1:4:(0):($5 - $4) with vectors heads size screen 0.006,90 lc rgb "#202020", \
	     data using 1:5:(sprintf("%s\n%s", stringcolumn(7), gprintf("%.0f", $3))) with labels offset 0, 2.2
	unset output
}
