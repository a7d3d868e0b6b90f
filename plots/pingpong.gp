# SPDX-License-Identifier: MIT
#
# Ping-pong costs from a run's summary.csv, as one figure with two panels:
#
#   left  "round trip vs payload": one cluster per payload size (the `payload`
#         of every pingpong row whose variant does not start with "null-"),
#         one bar per (system, variant) series, e.g. "uk inter-as",
#         "xen domu-domu"; a series without a row for some size leaves a gap;
#   right "null kernel entry": one bar per "null-*" row (null-syscall,
#         null-hypercall, ...), labelled system and variant.
#
# Bar = median, whisker = p5..p95, the median printed above the whisker
# where the bars are wide enough for it.
# Each system has a hue and its variants lighter shades of it, the same in
# both panels.  Systems, variants, payloads and the unit are all read from
# the file, so a new system or path needs no edit here.
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" \
#       plots/pingpong.gp
#
# writes <outdir>/pingpong.pdf and <outdir>/pingpong.png.  Columns are
# found by their header names, not their positions.  -e "logy=0" gives
# linear y axes.

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'
# Costs span orders of magnitude across payloads and systems.
if (!exists("logy")) logy = 1

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("pingpong.gp: cannot read %s", summary)
	exit status 1
}

# One awk program (POSIX awk; mawk is fine) reads the CSV (names never
# contain commas or quotes: wl_record.h) and prints, depending on -v out=:
#   rt    round-trip rows:  series cluster median p5 p95
#   null  null-entry rows:  bar system median p5 p95
#   meta  gnuplot assignments: counts, unit, value ranges, series titles,
#         series system and shade, tic labels of both panels.
# Series and systems are numbered in first-seen order from 1; payload
# clusters are sorted by size and numbered from 0, null bars from 0.
prog = \
'function blab(p) { if (p !~ /^[0-9]+$/) return p; p += 0; ' . \
'  if (p >= 1048576 && p % 1048576 == 0) return (p / 1048576) " MiB"; ' . \
'  if (p >= 1024 && p % 1024 == 0) return (p / 1024) " KiB"; return p " B" } ' . \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'$c["workload"] != "pingpong" { next } ' . \
'{ s = $c["system"]; v = $c["variant"]; p = $c["payload"]; ' . \
'  m = $c["median"]; lo = $c["p5"]; hi = $c["p95"]; ' . \
'  u = (n++ == 0 || u == $c["unit"]) ? $c["unit"] : "mixed"; ' . \
'  if (!(s in si)) si[s] = ++ns; ' . \
'  if (substr(v, 1, 5) == "null-") { ' . \
'    nn++; ys[nn] = s; yv[nn] = v; ym[nn] = m; ylo[nn] = lo; yhi[nn] = hi; ' . \
'    if (nn == 1 || lo + 0 < nmin) nmin = lo + 0; if (nn == 1 || hi + 0 > nmax) nmax = hi + 0; next } ' . \
'  k = s SUBSEP v; ' . \
'  if (!(k in ki)) { ki[k] = ++nk; kt[nk] = s " " v; ksys[nk] = si[s]; kshade[nk] = nv[s]++ } ' . \
'  if (!(p in pc)) { pc[p] = 1; pv[++np] = p } ' . \
'  r++; rk[r] = ki[k]; rp[r] = p; rm[r] = m; rlo[r] = lo; rhi[r] = hi; ' . \
'  if (r == 1 || lo + 0 < rmin) rmin = lo + 0; if (r == 1 || hi + 0 > rmax) rmax = hi + 0 } ' . \
'END { ' . \
'  for (i = 2; i <= np; i++) { x = pv[i]; ' . \
'    for (j = i - 1; j >= 1 && pv[j] + 0 > x + 0; j--) pv[j + 1] = pv[j]; pv[j + 1] = x } ' . \
'  for (i = 1; i <= np; i++) pc[pv[i]] = i - 1; ' . \
'  if (out == "rt") { for (i = 1; i <= r; i++) print rk[i], pc[rp[i]], rm[i], rlo[i], rhi[i]; exit } ' . \
'  if (out == "null") { for (i = 1; i <= nn; i++) print i - 1, si[ys[i]], ym[i], ylo[i], yhi[i]; exit } ' . \
'  Q = "\047"; ' . \
'  printf "nrows = %d; unit = %s%s%s; nser = %d; nclus = %d; nnull = %d; ", n, Q, u, Q, nk, np, nn; ' . \
'  printf "rtlo = %.10g; rthi = %.10g; nllo = %.10g; nlhi = %.10g; ", rmin, rmax, nmin, nmax; ' . \
'  printf "array sertitle[%d]; array sersys[%d]; array sershade[%d]; ", nk + 1, nk + 1, nk + 1; ' . \
'  for (i = 1; i <= nk; i++) printf "sertitle[%d] = %s%s%s; sersys[%d] = %d; sershade[%d] = %d; ", ' . \
'    i, Q, kt[i], Q, i, ksys[i], i, kshade[i]; ' . \
'  t = ""; for (i = 1; i <= np; i++) t = t (i > 1 ? ", " : "") "\"" blab(pv[i]) "\" " (i - 1); ' . \
'  printf "rtxtics = %s(%s)%s; ", Q, t, Q; ' . \
'  printf "array nlsys[%d]; ", nn + 1; for (i = 1; i <= nn; i++) printf "nlsys[%d] = %d; ", i, si[ys[i]]; ' . \
'  t = ""; w = 0; for (i = 1; i <= nn; i++) { t = t (i > 1 ? ", " : "") "\"" ys[i] " " yv[i] "\" " (i - 1); ' . \
'    if (length(ys[i] yv[i]) + 1 > w) w = length(ys[i] yv[i]) + 1 } ' . \
'  printf "nlxtics = %s(%s)%s; nlwide = %d\n", Q, t, Q, w }'
run(out) = sprintf("awk -F, -v out=%s '%s' '%s'", out, prog, summary)

eval system(run("meta"))

if (nrows == 0) {
	print sprintf("pingpong.gp: no pingpong rows in %s", summary)
	exit status 1
}
if (unit eq "mixed") {
	print sprintf("pingpong.gp: %s mixes units", summary)
	exit status 1
}
rtdata = "< " . run("rt")
nldata = "< " . run("null")

if (unit eq "insns") {
	udesc = "guest instructions, QEMU icount"
	ushort = "guest instructions"
} else {
	udesc = unit
	ushort = unit
}

# Colours: one hue per system (Okabe-Ito, colour-blind safe, cycled), its
# first variant at full strength, later ones mixed towards white.
array hue[7] = [0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0xd55e00, 0x56b4e9, 0x000000]
array tint[4] = [0.0, 0.45, 0.7, 0.25]	# 4th variant: between 1st and 2nd
mixc(c, f) = int(c + (255 - c) * f)
rgbmix(h, f) = sprintf("#%02x%02x%02x", mixc((h >> 16) & 255, f), mixc((h >> 8) & 255, f), mixc(h & 255, f))
syscol(s) = hue[(s - 1) % |hue| + 1]
sercol(i) = rgbmix(syscol(sersys[i]), tint[sershade[i] % |tint| + 1])

# y range of a panel from its smallest p5 and largest p95: on a log axis
# the bars stand on the decade below, and the top leaves room for the
# rotated median labels when there are any (lab); 1-2-5 tics per decade.
ybase(lo) = logy ? 0.9999 * 10**floor(log10(lo)) : 0
ytop(lo, hi, lab) = logy ? hi * (hi / ybase(lo))**(lab ? 0.2 : 0.06) : hi * (lab ? 1.2 : 1.05)
# Left margin (characters): y label and tic labels, "500k" on a log axis.
ymargin(top) = 5 + (logy ? 4 : floor(log10(top)) + 1)
num(y) = sprintf("%.0f", y)
# Log tics from tlo to thi: 1-2-5 per decade, only the decades on a wide range.
logtics = 'set ytics (); do for [d = floor(log10(tlo)) - 1 : ceil(log10(thi))] { set ytics add (10**d); ' . \
	'if (thi / tlo < 1e4) { set ytics add (2 * 10**d, 5 * 10**d) } }'
# A log axis needs positive values.
if (logy && ((nser > 0 && rtlo <= 0) || (nnull > 0 && nllo <= 0))) {
	print "pingpong.gp: values <= 0, using linear y axes"
	logy = 0
}

system(sprintf("mkdir -p '%s'", outdir))

# Panel widths (fractions of the canvas): the null panel gets room for
# its bars and labels, the round-trip panel the rest.
if (nser == 0) { wnull = 1.0 } else { if (nnull == 0) { wnull = 0 } else { wnull = 0.1 + 0.06 * nnull; wnull = wnull > 0.38 ? 0.38 : wnull } }
wrt = 1.0 - wnull

# Round-trip bars: the cluster of payload c spans c +- 0.42, series i
# takes slot i of nser.
slot = (nser > 0) ? 0.84 / nser : 1
bx(i, c) = c + (i - (nser + 1) / 2.0) * slot
bw = slot * 0.9

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 7.5in,4.2in font "Sans,9"
		# key columns that fit the round-trip panel; the canvas width and
		# a character width, measured in heights of a median label
		keycols = 3
		canvasw = 67
		charw = 0.68
	} else {
		set terminal pngcairo noenhanced size 1400,780 font "Sans,11"
		keycols = 4
		canvasw = 147
		charw = 0.9
	}
	# Median labels only where a bar is wide enough to hold one.
	rtlab = (nser > 0 && (wrt * canvasw - 11 * charw) / nclus * bw >= 1.1) ? 1 : 0
	nllab = (nnull > 0 && (wnull * canvasw - 10 * charw) / (nnull + 0.2) * 0.6 >= 1.1) ? 1 : 0
	keycols = nser < keycols ? nser : keycols
	keyrows = (nser > 0) ? int((nser + keycols - 1) / keycols) : 0
	set output outdir . "/pingpong." . fmt

	set multiplot title sprintf("Ping-pong: median, whiskers p5–p95 (%s)", udesc)
	reset
	set style fill solid 1.0 border lc rgb "#404040"
	set grid ytics lc rgb "#dddddd" lw 0.5
	set grid noxtics
	set xtics nomirror scale 0
	set ytics nomirror
	# Margins in character heights, the same in both panels so that their
	# axes line up: on top the figure and panel titles; at the bottom the
	# null panel's slanted labels, or the payload tics and the key below them.
	set tmargin 4.2
	bm = 2.6 + keyrows * 1.2
	nlbm = (nnull > 0) ? 1.6 + nlwide * 0.24 : 0
	set bmargin (bm > nlbm ? bm : nlbm)
	if (logy) { set logscale y; set format y "%.0s%c" }

	if (nser > 0) {
		set origin 0, 0
		set size wrt, 1
		set lmargin ymargin(ytop(rtlo, rthi, rtlab))
		set rmargin 2
		set title "round trip vs payload"
		set ylabel sprintf("round trip (%s)", udesc)
		eval "set xtics " . rtxtics
		set xrange [-0.5 : nclus - 0.5]
		set yrange [ybase(rtlo) : ytop(rtlo, rthi, rtlab)]
		if (logy) { tlo = rtlo; thi = ytop(rtlo, rthi, rtlab); eval logtics }
		set key at graph 0, character 0.6 + keyrows * 1.2 left top horizontal maxcols keycols maxrows keyrows \
			reverse Left samplen 1.5 spacing 1.1 width 2 noopaque nobox
		plot for [i = 1:nser] rtdata using (column(1) == i ? bx(i, column(2)) : NaN):3: \
		         (bx(i, column(2)) - bw / 2):(bx(i, column(2)) + bw / 2):(ybase(rtlo)):3 \
		         with boxxyerror lc rgb sercol(i) title sertitle[i], \
		     for [i = 1:nser] rtdata using (column(1) == i ? bx(i, column(2)) : NaN):4:(0):(column(5) - column(4)) \
		         with vectors heads size screen 0.004,90 lc rgb "#202020" notitle, \
		     for [i = 1:nser * rtlab] rtdata using (column(1) == i ? bx(i, column(2)) : NaN):5:(num(column(3))) \
		         with labels rotate by 90 left offset 0.25, 0.35 font ",7" notitle
		unset key
	}

	if (nnull > 0) {
		set origin wrt, 0
		set size wnull, 1
		set lmargin ymargin(ytop(nllo, nlhi, nllab))
		set rmargin 2
		set title "null kernel entry"
		set ylabel sprintf("null call (%s)", ushort)
		eval "set xtics " . nlxtics
		set xtics rotate by 30 right offset 1, 0
		set xrange [-0.6 : nnull - 0.4]
		set yrange [ybase(nllo) : ytop(nllo, nlhi, nllab)]
		if (logy) { tlo = nllo; thi = ytop(nllo, nlhi, nllab); eval logtics }
		unset key
		plot for [i = 1:nnull] nldata using (column(1) == i - 1 ? column(1) : NaN):3: \
		         (column(1) - 0.3):(column(1) + 0.3):(ybase(nllo)):3 \
		         with boxxyerror lc rgb rgbmix(syscol(nlsys[i]), 0), \
		     nldata using 1:4:(0):(column(5) - column(4)) with vectors heads size screen 0.006,90 lc rgb "#202020", \
		     for [j = 1:nllab] nldata using 1:5:(num(column(3))) with labels rotate by 90 left offset 0.25, 0.35 font ",7"
	}
	unset multiplot
	unset output
}
