# SPDX-License-Identifier: MIT
#
# Claim C6, liability inversion: what a client sees when its server
# (the microkernel's user-level driver or RAM-disk server, Xen's backend
# in dom0 or the dom0 peer process) stalls or dies.  From the run's
# liability.csv (scripts/liability.sh; columns system, server, failure,
# measure, value, unit, outcome).  One cluster per failure case
# ("system server failure"), in the file's order.
#
#   Left:  detect (the client's request until its bounded error) and
#          recover (the failure until the first request served again),
#          log scale; a missing bar carries its outcome as text (a client
#          that never heard back: "hung"; a service that did not come back).
#   Right: an unrelated pair's median round trip before and during the
#          failure (log scale), and "not all round trips completed" where it did not.
#
# Units: the run's (insns: guest instructions under tcg, where the virtual
# clock jumps over idle time, so a detect time is mostly the client's
# timeout in guest ticks; cycles under kvm).
#
#   gnuplot -e "liability='results/latest/liability.csv'; outdir='plots/out'" plots/liability.gp
#
# writes <outdir>/liability.{pdf,png}.

if (!exists("liability")) liability = 'results/latest/liability.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", liability)) ne "yes") {
	print sprintf("liability.gp: cannot read %s", liability)
	exit status 1
}

# awk prologue: columns by name; the cases in first-seen order.
hdr = 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { k = $c["system"] " " $c["server"] " " $c["failure"]; if (!(k in at)) { at[k] = ++n; name[n] = k } } '
ncases = system(sprintf("awk -F, '%s END { print n + 0 }' '%s'", hdr, liability)) + 0
if (ncases == 0) {
	print sprintf("liability.gp: no rows in %s", liability)
	exit status 1
}
units = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'$c["unit"] != "count" && !seen[$c["unit"]]++ { printf "%s ", $c["unit"] }', liability))
if (words(units) != 1) {
	print sprintf("liability.gp: times of more than one unit (%s) in %s", units, liability)
	exit status 1
}
unit = word(units, 1)
udesc = (unit eq "insns") ? "guest instructions (tcg)" : "cycles (kvm)"

# "case value" of one measure, NaN when empty; the x position is the case.
rows(m) = sprintf("< awk -F, -v m='%s' '%s $c[\"measure\"] == m { print at[k], ($c[\"value\"] == \"\" ? \"NaN\" : $c[\"value\"]) } END { print -10, 1 }' '%s'", \
	m, hdr, liability)
# "case outcome" for a measure whose value is empty: the outcome as a label.
missing(m) = sprintf("< awk -F, -v m='%s' '%s $c[\"measure\"] == m && $c[\"value\"] == \"\" { o = $c[\"outcome\"]; gsub(/\"/, \"\", o); printf \"%%d \\\"%%s\\\"\\n\", at[k], o } END { print -10, \"x\" }' '%s'", \
	m, hdr, liability)
# "case" where the bystander did not complete every round trip.  (Each
# stream ends with a point left of the x range: an empty one would make
# gnuplot warn.)
hurt = sprintf("< awk -F, '%s $c[\"measure\"] == \"bystander_ok\" && $c[\"value\"] != 1 { print at[k] } END { print -10 }' '%s'", hdr, liability)
# where a missing bar's text starts: the smallest time drawn, or 1.
ylab = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'($c["measure"] == "detect" || $c["measure"] == "recover") && $c["value"] != "" && (m == "" || $c["value"] + 0 < m) { m = $c["value"] + 0 } END { print (m == "" ? 1 : m) }', liability)) + 0
# where the bystander's warning starts: its smallest round trip.
ybys = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'$c["measure"] ~ /^bystander_(before|during)$/ && $c["value"] != "" && (m == "" || $c["value"] + 0 < m) { m = $c["value"] + 0 } END { print (m == "" ? 1 : m) }', liability)) + 0
casename(i) = system(sprintf("awk -F, -v want=%d '%s END { print name[want] }' '%s'", i, hdr, liability))

system(sprintf("mkdir -p '%s'", outdir))

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 10in, 4.2in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size 1800, 760 font "Sans,10"
	}
	set output outdir . "/liability." . fmt
	set multiplot layout 1, 2 title sprintf("C6: a client whose server stalls or dies (%s)", udesc)

	reset
	set title "detect: request to bounded error;  recover: failure to first request served"
	set xrange [0.4 : ncases + 0.6]
	set xtics () rotate by 20 right font ",7"
	set for [i = 1:ncases] xtics add (casename(i) i)
	set logscale y 10
	set ylabel udesc
	set grid ytics lc rgb "#dddddd"
	set style fill solid 0.8 noborder
	set boxwidth 0.3
	set key top left font ",7"
	plot rows("detect") using ($1 - 0.17):2 with boxes lc rgb "#d55e00" title "detect", \
	     rows("recover") using ($1 + 0.17):2 with boxes lc rgb "#009e73" title "recover", \
	     missing("detect") using ($1 - 0.17):(ylab):2 with labels rotate by 90 left font ",7" notitle, \
	     missing("recover") using ($1 + 0.17):(ylab):2 with labels rotate by 90 left font ",7" notitle

	reset
	set title "an unrelated pair's median round trip"
	set xrange [0.4 : ncases + 0.6]
	set xtics () rotate by 20 right font ",7"
	set for [i = 1:ncases] xtics add (casename(i) i)
	set logscale y 10
	set ylabel udesc
	set grid ytics lc rgb "#dddddd"
	set style fill solid 0.8 noborder
	set boxwidth 0.3
	set key top left font ",7"
	plot rows("bystander_before") using ($1 - 0.17):2 with boxes lc rgb "#0072b2" title "before the failure", \
	     rows("bystander_during") using ($1 + 0.17):2 with boxes lc rgb "#56b4e9" title "during the failure", \
	     hurt using 1:(ybys):("not all round trips completed") with labels rotate by 90 left offset 0, 1 font ",7" tc rgb "#cc0000" notitle
	unset multiplot
	unset output
}
