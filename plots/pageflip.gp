# SPDX-License-Identifier: MIT
#
# Page-flip costs from a run's summary.csv, two figures:
#
#   pageflip-batch   cost per page (median / batch) against the batch, one
#                    panel per mechanism (move, share, copy) at one payload
#                    (-e "payload=N", default the largest in the file):
#                    every (system, placement) as a solid line, the same
#                    operations' mechanism alone (variant ...-alone) dashed
#                    in the same colour, the memcpy baseline of each system
#                    dotted;
#   pageflip-payload cost per operation against the payload, one panel for
#                    the smallest and one for the largest batch: one colour
#                    per mechanism, one dash pattern per (system,
#                    placement), so the point where copying stops being
#                    cheaper than moving or sharing shows as a crossing.
#
# Variants are read as <placement>-<mechanism>[-alone] and "memcpy"
# (workloads/pageflip.c); systems, placements, batches, payloads and the
# unit come from the file.
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" plots/pageflip.gp
#
# writes <outdir>/pageflip-batch.{pdf,png} and pageflip-payload.{pdf,png}.

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("pageflip.gp: cannot read %s", summary)
	exit status 1
}

# awk (POSIX) over the CSV, columns by header name.  -v out= picks:
#   meta  gnuplot assignments: rows, unit, payloads, batches, the series
#         (system placement) with their titles, the systems with memcpy;
#   batch   "batch per_page" of series fi, mechanism fm, alone fa (0/1)
#           at payload pl;
#   memcpy  "batch per_page" of the fi-th system's memcpy at payload pl;
#   payload "payload per_op" of series fi, mechanism fm at batch bt
#           (whole hand-over only).
# Each call prints one line's points in file order, so lines never break.
# mech: 1 move, 2 share, 3 copy.  Series numbered from 1 in first-seen order.
prog = \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'$c["workload"] != "pageflip" { next } ' . \
'{ s = $c["system"]; v = $c["variant"]; pay = $c["payload"] + 0; b = $c["batch"] + 0; ' . \
'  m = $c["median"]; pp = $c["median_per_page"]; ' . \
'  u = (n++ == 0 || u == $c["unit"]) ? $c["unit"] : "mixed"; ' . \
'  if (!(pay in pc)) { pc[pay] = 1; pv[++np] = pay } if (!(b in bc)) { bc[b] = 1; bv[++nb] = b } ' . \
'  if (v == "memcpy") { if (!(s in mi)) { mi[s] = ++nm; mt[nm] = s } ' . \
'    if (out == "memcpy" && pay == pl && mi[s] == fi) print b, pp; next } ' . \
'  al = 0; if (v ~ /-alone$/) { al = 1; v = substr(v, 1, length(v) - 6) } ' . \
'  k = split(v, part, "-"); mech = part[k]; me = mech == "move" ? 1 : mech == "share" ? 2 : mech == "copy" ? 3 : 0; ' . \
'  if (!me) next; place = substr(v, 1, length(v) - length(mech) - 1); key = s " " place; ' . \
'  if (!(key in si)) { si[key] = ++ns; st[ns] = key } have[si[key], me] = 1; ' . \
'  if (out == "batch" && pay == pl && si[key] == fi && me == fm && al == fa) print b, pp; ' . \
'  if (out == "payload" && b == bt && !al && si[key] == fi && me == fm) print pay, m } ' . \
'END { if (out != "meta") exit; Q = "\047"; ' . \
'  for (i = 2; i <= np; i++) { x = pv[i]; for (j = i - 1; j >= 1 && pv[j] > x; j--) pv[j + 1] = pv[j]; pv[j + 1] = x } ' . \
'  for (i = 2; i <= nb; i++) { x = bv[i]; for (j = i - 1; j >= 1 && bv[j] > x; j--) bv[j + 1] = bv[j]; bv[j + 1] = x } ' . \
'  printf "nrows = %d; unit = %s%s%s; nser = %d; nmem = %d; ", n, Q, u, Q, ns, nm; ' . \
'  printf "paymin = %d; paymax = %d; bmin = %d; bmax = %d; ", pv[1], pv[np], bv[1], bv[nb]; ' . \
'  printf "array sertitle[%d]; array memtitle[%d]; ", ns + 1, nm + 1; ' . \
'  for (i = 1; i <= ns; i++) printf "sertitle[%d] = %s%s%s; ", i, Q, st[i], Q; ' . \
'  for (i = 1; i <= nm; i++) printf "memtitle[%d] = %s%s memcpy%s; ", i, Q, mt[i], Q; ' . \
'  split("move share copy", mn, " "); combos = ""; miss = ""; ' . \
'  for (i = 1; i <= ns; i++) for (me = 1; me <= 3; me++) ' . \
'    if ((i, me) in have) combos = combos " " i ":" me; else miss = miss (miss == "" ? "" : ", ") st[i] " " mn[me]; ' . \
'  printf "combos = %s%s%s; missing = %s%s%s\n", Q, combos, Q, Q, miss, Q }'
run(out, pl, bt, fi, fm, fa) = sprintf("awk -F, -v out=%s -v pl=%d -v bt=%d -v fi=%d -v fm=%d -v fa=%d '%s' '%s'", \
	out, pl, bt, fi, fm, fa, prog, summary)

eval system(run("meta", 0, 0, 0, 0, 0))
if (nrows == 0) {
	print sprintf("pageflip.gp: no pageflip rows in %s", summary)
	exit status 1
}
if (unit eq "mixed") {
	print sprintf("pageflip.gp: %s mixes units", summary)
	exit status 1
}
if (nser == 0) {
	# e.g. Linux until its page operations exist: only the memcpy baseline
	print sprintf("pageflip.gp: no page hand-over rows in %s (only the memcpy baseline): no figure", summary)
	exit
}
if (!exists("payload")) payload = paymax
udesc = (unit eq "insns") ? "guest instructions, QEMU icount" : unit
# What the unit hides (DESIGN.md): said under every figure.
bias = (unit eq "insns") ? \
	"tcg: every byte copied counts (rep movsq: 1 instruction per 8 B, rep movsb: 1 per B); TLB flushes and page walks count nothing - copying is overstated, mapping understated" : \
	"kvm: cycles, including TLB flushes and misses"

array hue[8] = [0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0xd55e00, 0x56b4e9, 0x000000, 0x999999]
array mechname[3] = ["move", "share", "copy"]
sercol(i) = hue[(i - 1) % 7 + 1]
mechcol(m) = hue[m]
# Series i and mechanism m of a word "i:m" of combos (the pairs with rows).
ci(c) = int(c[1:strstrt(c, ":") - 1])
cm(c) = int(c[strstrt(c, ":") + 1:])
# Said under a figure: mechanisms a path cannot do (no rows).
nothere = (missing eq "") ? "" : "no rows (the path cannot do it, see README): " . missing
blab(p) = p >= 1024 ? sprintf("%d KiB", p / 1024) : sprintf("%d B", p)

system(sprintf("mkdir -p '%s'", outdir))

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 9in,4in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size 1600,720 font "Sans,10"
	}

	# ---- cost per page against the batch, one panel per mechanism ----
	set output outdir . "/pageflip-batch." . fmt
	set multiplot layout 1, 3 title sprintf("Page flip: cost per page against batch, payload %s per page (median; %s)\n%s%s", blab(payload), udesc, bias, nothere eq "" ? "" : "\n" . nothere)
	do for [m = 1:3] {
		reset
		set title mechname[m] . " (solid: whole hand-over; dashed: the mechanism alone)"
		set logscale xy 2
		set logscale y 10
		set xrange [bmin / 1.3 : bmax * 1.3]
		set xtics 2 nomirror
		set ytics nomirror
		set format y "%.0s%c"
		set grid lc rgb "#dddddd"
		set xlabel "batch (pages per operation)"
		set ylabel sprintf("per page (%s)", udesc)
		set key top right font ",7" spacing 0.9
		mine = ""
		do for [c in combos] { if (cm(c) == m) { mine = mine . " " . c } }
		plot for [c in mine] "< " . run("batch", payload, 0, ci(c), m, 0) using 1:2 \
		         with linespoints lw 1.5 pt 7 ps 0.5 lc rgb sercol(ci(c)) title sertitle[ci(c)], \
		     for [c in mine] "< " . run("batch", payload, 0, ci(c), m, 1) using 1:2 \
		         with lines dt 2 lw 1.2 lc rgb sercol(ci(c)) notitle, \
		     for [j = 1:nmem] "< " . run("memcpy", payload, 0, j, 0, 0) using 1:2 \
		         with lines dt 3 lw 1.2 lc rgb "#555555" title memtitle[j]
	}
	unset multiplot
	unset output

	# ---- cost per operation against the payload, smallest and largest batch ----
	set output outdir . "/pageflip-payload." . fmt
	set multiplot layout 1, 2 title sprintf("Page flip: cost per operation against payload (median; %s)\ncolour: mechanism (blue move, orange share, green copy); dash pattern: system and placement\n%s%s", udesc, bias, nothere eq "" ? "" : "\n" . nothere)
	do for [bt in sprintf("%d %d", bmin, bmax)] {
		reset
		b = bt + 0
		set title sprintf("batch %d page%s per operation", b, b == 1 ? "" : "s")
		set logscale xy
		set xrange [paymin / 1.5 : paymax * 1.5]
		set xtics (sprintf("%s", blab(paymin)) paymin) nomirror
		do for [p in "64 512 4096"] { set xtics add (blab(p + 0) p + 0) }
		set ytics nomirror
		set format y "%.0s%c"
		set grid lc rgb "#dddddd"
		set xlabel "payload per page"
		set ylabel sprintf("per operation (%s)", udesc)
		set key top left font ",7" spacing 0.9
		plot for [c in combos] "< " . run("payload", 0, b, ci(c), cm(c), 0) using 1:2 \
		         with linespoints dt ci(c) lw 1.5 pt 7 ps 0.5 lc rgb mechcol(cm(c)) \
		         title sertitle[ci(c)] . " " . mechname[cm(c)]
	}
	unset multiplot
	unset output
}
