# SPDX-License-Identifier: MIT
#
# Block I/O on the virtio disk (workload blkdev) beside the same requests
# to the RAM disk (workload blkio): sequential reads, cost per request
# against the request size, one hue per system, the device path solid with
# its p5..p95 spread as whiskers (depth 1 only), the software path of the same
# system dashed.  Left: queue depth 1, the median request.  Right: depth
# 8, the mean request (a share of each batch).  Log-log axes.
#
# Units (summary.csv's unit and counted_by):
#   tcg, counted_by plugin: the instructions of each request's window in
#       every protection domain, counted by the profiler (QEMU completes a
#       virtio request on the host, and the guest's clock jumps over that
#       wait, so TSC samples would not count instructions; the timer
#       interrupts that fall into the wait are counted, hence a spread).
#       Not a latency.
#   kvm (cycles): real latencies; a third panel then shows the throughput
#       at depth 8 (summary's bytes_per_s, MB/s, when the harness knew the
#       TSC rate, else bytes_per_kcycle).
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" plots/blkdev.gp
#
# writes <outdir>/blkdev.{pdf,png}.

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("blkdev.gp: cannot read %s", summary)
	exit status 1
}

# awk prologue: columns by name.
hdr = 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } '
# Device series: "system variant", first-seen order, sequential reads.
series = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'$c["workload"] == "blkdev" && $c["pattern"] == "seq" && $c["direction"] == "read" { k = $c["system"] " " $c["variant"]; if (!(k in s)) { s[k] = 1; printf "%s%s", n++ ? "|" : "", k } }', \
	summary))
if (strlen(series) == 0) {
	print sprintf("blkdev.gp: no sequential blkdev reads in %s", summary)
	exit status 1
}
units = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'($c["workload"] == "blkdev" || $c["workload"] == "blkio") && !seen[$c["unit"]]++ { printf "%s ", $c["unit"] }', summary))
if (words(units) != 1) {
	print sprintf("blkdev.gp: block rows of more than one unit (%s) in %s", units, summary)
	exit status 1
}
unit = word(units, 1)
udesc = (unit eq "insns") ? "guest instructions per request, all domains (tcg)" : "cycles per request (kvm)"
ucap = (unit eq "insns") ? \
	"tcg: the device rows count the instructions of every protection domain in each request's window (profiler); not latencies" : \
	"kvm: latencies in cycles"

n_series = system(sprintf("echo '%s' | awk -F'|' '{ print NF }'", series)) + 0
sname(i) = system(sprintf("echo '%s' | awk -F'|' '{ print $%d }'", series, i))
ssys(i) = word(sname(i), 1)

# "size value p5 p95" of system s's workload w (sequential reads) at depth d:
# the median at depth 1, the mean at depth 8.
rows(w, s, d) = sprintf("< awk -F, -v w='%s' -v s='%s' -v d=%d '%s " . \
	"$c[\"workload\"] == w && $c[\"system\"] == s && $c[\"pattern\"] == \"seq\" && $c[\"direction\"] == \"read\" && $c[\"depth\"] == d " . \
	"{ print $c[\"size\"], (d == 1 ? $c[\"median\"] : $c[\"mean\"]), $c[\"p5\"], $c[\"p95\"] }' '%s'", \
	w, s, d, hdr, summary)
has_soft(s) = system(sprintf("awk -F, -v s='%s' '%s $c[\"workload\"] == \"blkio\" && $c[\"system\"] == s { n++ } END { print n + 0 }' '%s'", s, hdr, summary)) + 0

# Throughput at depth 8 (kvm): "size value" from bytes_per_s (MB/s) or
# bytes_per_kcycle.
tput_col = system(sprintf("awk -F, '%s %s' '%s'", hdr, \
	'$c["workload"] == "blkdev" && $c["depth"] == 8 && $c["bytes_per_s"] != "" { m = "bytes_per_s" } $c["workload"] == "blkdev" && $c["depth"] == 8 && m == "" && $c["bytes_per_kcycle"] != "" { k = "bytes_per_kcycle" } END { print m != "" ? m : k }', summary))
tput(s) = sprintf("< awk -F, -v s='%s' -v col='%s' '%s " . \
	"$c[\"workload\"] == \"blkdev\" && $c[\"system\"] == s && $c[\"pattern\"] == \"seq\" && $c[\"direction\"] == \"read\" && $c[\"depth\"] == 8 " . \
	"{ print $c[\"size\"], (col == \"bytes_per_s\" ? $c[col] / 1e6 : $c[col]) }' '%s'", s, tput_col, hdr, summary)
panels = (unit ne "insns" && strlen(tput_col) > 0) ? 3 : 2

array hue[8] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"]

system(sprintf("mkdir -p '%s'", outdir))

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size (panels == 3 ? 12 : 9) * 1in, 4.4in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size (panels == 3 ? 2100 : 1600), 800 font "Sans,10"
	}
	set output outdir . "/blkdev." . fmt
	set multiplot layout 1, panels title \
		sprintf("Sequential reads from QEMU's virtio disk (solid; whiskers p5..p95) and from the RAM disk (dashed)\n%s", ucap)
	do for [d in "1 8"] {
		reset
		set title (d eq "1") ? "queue depth 1: median request" : "queue depth 8: mean request (a share of each batch)"
		set logscale xy 2
		set logscale y 10
		set xrange [384 : 90000]
		set xtics ("512 B" 512, "4 KiB" 4096, "16 KiB" 16384, "64 KiB" 65536)
		set xlabel "request size"
		set ylabel udesc
		set grid xtics ytics lc rgb "#dddddd"
		set key top left font ",7"
		# Whiskers at depth 1 only: at depth 8 the windows are bimodal (the
		# one that starts a batch pays for it), so p5..p95 says nothing
		# about the mean.
		wh = (d eq "1") ? 1 : 0
		plot for [i = 1:n_series] rows("blkdev", ssys(i), d + 0) using 1:2:(wh ? $3 : $2):(wh ? $4 : $2) \
			with yerrorlines lc rgb hue[(i - 1) % 8 + 1] dt 1 pt 7 title sname(i), \
		     for [i = 1:n_series] (has_soft(ssys(i)) ? rows("blkio", ssys(i), d + 0) : '< true') using 1:2 \
			with linespoints lc rgb hue[(i - 1) % 8 + 1] dt 2 pt 6 \
			title (has_soft(ssys(i)) ? ssys(i) . " RAM disk" : "")
	}
	if (panels == 3) {
		reset
		set title "queue depth 8: throughput"
		set logscale x 2
		set xrange [384 : 90000]
		set xtics ("512 B" 512, "4 KiB" 4096, "16 KiB" 16384, "64 KiB" 65536)
		set xlabel "request size"
		set ylabel (tput_col eq "bytes_per_s") ? "MB/s (TSC rate from meta.json)" : "bytes per 1000 cycles"
		set logscale y 10
		set grid xtics ytics lc rgb "#dddddd"
		set key top left font ",7"
		plot for [i = 1:n_series] tput(ssys(i)) using 1:2 with linespoints \
			lc rgb hue[(i - 1) % 8 + 1] pt 7 title sname(i)
	}
	unset multiplot
	unset output
}
