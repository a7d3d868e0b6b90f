# SPDX-License-Identifier: MIT
#
# Where an operation's instructions ran, from a run's profile.csv (make
# profile): one stacked bar per (system, path) — user space, kernel (the
# microkernel, a PV guest kernel or dom0's Linux) and hypervisor (Xen) —
# with the crossings between them and the address-space switches (CR3
# writes) per operation printed on each bar.  Left: ping-pong's empty
# round trip and null calls; right: page flip, one page of 64 B.
#
#   gnuplot -e "profile='results/latest/profile.csv'; outdir='plots/out'" plots/profile.gp
#
# writes <outdir>/profile.pdf and profile.png.  Columns by header name.

if (!exists("profile")) profile = 'results/latest/profile.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", profile)) ne "yes") {
	print sprintf("profile.gp: cannot read %s", profile)
	exit status 1
}

# awk: -v sel=pp (ping-pong, payload 0) or pf (page flip, batch 1, 64 B):
#   "index user kernel hyp crossings cr3 label" per bar, or with -v out=meta
#   the counts and the unit.
prog = \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'{ w = $c["workload"]; ok = sel == "pp" ? (w == "pingpong" && $c["payload"] == 0) : ' . \
'  (w == "pageflip" && $c["batch"] == 1 && $c["payload"] == 64); if (!ok) next; n++; ' . \
'  u = (n == 1 || u == $c["unit"]) ? $c["unit"] : "mixed"; ' . \
'  if (out != "meta") printf "%d %s %s %s %s %s %s_%s\n", n - 1, $c["user"], $c["kernel"], $c["hyp"], ' . \
'    $c["crossings"], $c["cr3_write"], $c["system"], $c["variant"] } ' . \
'END { if (out == "meta") printf "n_%s = %d; unit_%s = \"%s\"\n", sel, n, sel, u }'
run(sel, out) = sprintf("awk -F, -v sel=%s -v out=%s '%s' '%s'", sel, out, prog, profile)

eval system(run("pp", "meta"))
eval system(run("pf", "meta"))
if (n_pp + n_pf == 0) {
	print sprintf("profile.gp: no ping-pong or page-flip rows in %s", profile)
	exit status 1
}
unit = (n_pp > 0) ? unit_pp : unit_pf
udesc = (unit eq "insns") ? "guest instructions per operation (tcg)" : unit

system(sprintf("mkdir -p '%s'", outdir))
array place[3] = ["user", "kernel", "hypervisor"]
array colr[3] = ["#56b4e9", "#0072b2", "#d55e00"]

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 9in,4.2in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size 1600,760 font "Sans,10"
	}
	set output outdir . "/profile." . fmt
	# One panel per workload the run profiled.
	set multiplot layout 1, ((n_pp > 0) + (n_pf > 0)) title sprintf("Where the instructions of one operation ran (profiler, %s); on each bar: crossings / address-space switches", udesc)
	do for [sel in "pp pf"] {
		reset
		nb = (sel eq "pp") ? n_pp : n_pf
		if (nb == 0) { continue }
		data = "< " . run(sel, "rows")
		set title (sel eq "pp") ? "ping-pong: empty round trip, null call" : "page flip: one page, 64 B"
		set style fill solid 1.0 border lc rgb "#404040"
		set grid ytics lc rgb "#dddddd"
		set ylabel udesc
		set xrange [-0.6 : nb - 0.4]
		set yrange [0 : *]
		set xtics rotate by 30 right nomirror
		set ytics nomirror
		set key top left
		plot data using ($1):($2 + $3 + $4):($1 - 0.35):($1 + 0.35):($2 + $3):($2 + $3 + $4) with boxxyerror lc rgb colr[3] title place[3], \
		     data using ($1):($2 + $3):($1 - 0.35):($1 + 0.35):($2):($2 + $3) with boxxyerror lc rgb colr[2] title place[2], \
		     data using ($1):($2):($1 - 0.35):($1 + 0.35):(0):($2):xtic(7) with boxxyerror lc rgb colr[1] title place[1], \
		     data using ($1):($2 + $3 + $4):(sprintf("%.0f\n%.0f / %.0f", $2 + $3 + $4, $5, $6)) with labels offset 0, 1.2 font ",7" notitle
	}
	unset multiplot
	unset output
}
