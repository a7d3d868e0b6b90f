# SPDX-License-Identifier: MIT
#
# Block I/O (workloads/blkio.c): cost per request against the request
# size, one line per (system, path, direction), sequential requests.
# Left: queue depth 1, the median request (its latency).  Right: depth 8,
# the mean request (at depth 8 a window that starts a batch carries the
# batch's notification and the others only their completions, so the
# mean, not the median, is a request's share).  Log-log axes.
#
# With a profile.csv beside the summary (make profile) a second figure,
# blkio-profile, stacks each path's depth-1 sequential read by the
# protection domain its instructions ran in (client, server task, kernel,
# hypervisor), crossings per request on each bar: the RAM-disk paths
# (blkio) and, beside them, each system's virtio-disk path (blkdev) when
# the profile has it (QEMU's device emulation runs on the host: no bar
# holds it).  The virtio disk's own figure is blkdev.gp.
#
#   gnuplot -e "summary='results/latest/summary.csv'; outdir='plots/out'" plots/blkio.gp
#
# writes <outdir>/blkio.{pdf,png} (and blkio-profile.{pdf,png}).

if (!exists("summary")) summary = 'results/latest/summary.csv'
if (!exists("outdir")) outdir = 'plots/out'

if (system(sprintf("test -r '%s' && echo yes", summary)) ne "yes") {
	print sprintf("blkio.gp: cannot read %s", summary)
	exit status 1
}

# Series: "system variant direction", first-seen order, seq rows only.
series_prog = \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'$c["workload"] == "blkio" && $c["pattern"] == "seq" { k = $c["system"] " " $c["variant"] " " $c["direction"]; ' . \
'  if (!(k in s)) { s[k] = 1; printf "%s%s", n++ ? "|" : "", k } } '
series = system(sprintf("awk -F, '%s' '%s'", series_prog, summary))
if (strlen(series) == 0) {
	print sprintf("blkio.gp: no sequential blkio rows in %s", summary)
	exit status 1
}
# (awk programs go in as sprintf's arguments, never in its format: gnuplot
# 5.4's sprintf mangled a "%%" after a long substitution.)
units = system(sprintf("awk -F, '%s' '%s'", \
	'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["workload"] == "blkio" && !seen[$c["unit"]]++ { printf "%s ", $c["unit"] }', summary))
if (words(units) != 1) {
	print sprintf("blkio.gp: blkio rows of more than one unit (%s) in %s", units, summary)
	exit status 1
}
unit = word(units, 1)
udesc = (unit eq "insns") ? "guest instructions per request (tcg, QEMU icount)" : "cycles per request"

n_series = 0
do for [i = 1:1000] {
	if (system(sprintf("echo '%s' | awk -F'|' '{ print (%d <= NF) }'", series, i)) eq "1") { n_series = i }
}
sname(i) = system(sprintf("echo '%s' | awk -F'|' '{ print $%d }'", series, i))

# Rows "size value" of series i at depth d: the median at depth 1, the
# mean at depth 8.
rows(i, d) = sprintf("< awk -F, -v k='%s' -v d=%d 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } " . \
	"$c[\"workload\"] == \"blkio\" && $c[\"pattern\"] == \"seq\" && $c[\"depth\"] == d && " . \
	"$c[\"system\"] \" \" $c[\"variant\"] \" \" $c[\"direction\"] == k { print $c[\"size\"], (d == 1 ? $c[\"median\"] : $c[\"mean\"]) }' '%s'", \
	sname(i), d, summary)

# One hue per system (first-seen order), read solid, write dashed.
systems = system(sprintf("echo '%s' | tr '|' '\\n' | awk '%s'", series, '!s[$1]++ { printf "%s ", $1 }'))
array hue[8] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"]
sys_index(i) = system(sprintf("echo '%s' | awk -v s=\"$(echo '%s' | awk '{ print $1 }')\" '{ for (j = 1; j <= NF; j++) if ($j == s) print j }'", systems, sname(i))) + 0
is_write(i) = strstrt(sname(i), " write") > 0

system(sprintf("mkdir -p '%s'", outdir))

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 9in,4.2in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size 1600,760 font "Sans,10"
	}
	set output outdir . "/blkio." . fmt
	set multiplot layout 1, 2 title sprintf("Block requests to a 16 MiB RAM disk down each system's driver path (sequential; %s)", udesc)
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
		plot for [i = 1:n_series] rows(i, d + 0) using 1:2 with linespoints \
			lc rgb hue[(sys_index(i) - 1) % 8 + 1] dt 1 + is_write(i) pt 7 - is_write(i) \
			title sname(i)
	}
	unset multiplot
	unset output
}

# ---- where the instructions ran (a profiled run) ----
profile = system(sprintf("dirname '%s'", summary)) . "/profile.csv"
if (system(sprintf("test -r '%s' && echo yes", profile)) ne "yes") { exit }

# Bars: depth-1 sequential reads, by (system, variant) then size.  Stacks
# from the domain columns where the system has them (the client domain 0,
# the server domain 1, the rest outside the hypervisor: the microkernel,
# or dom0's kernel with blkback and brd; Xen's hyp), else from the places
# (user, kernel, hyp).  "index client server kernel hyp crossings label".
pprog = \
'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } ' . \
'($c["workload"] == "blkio" || $c["workload"] == "blkdev") && $c["pattern"] == "seq" && $c["direction"] == "read" && $c["depth"] == 1 { ' . \
'  dom = ("dom0" in c) && $c["dom0"] != ""; ' . \
'  a = dom ? $c["dom0"] : $c["user"]; s = dom ? $c["dom1"] : 0; b = dom ? $c["dom_none"] - $c["hyp"] : $c["kernel"]; ' . \
'  z = $c["size"] >= 1024 ? ($c["size"] / 1024) "K" : $c["size"]; ' . \
'  printf "%d %s %s %s %s %s %s_%s_%s\n", n++, a, s, b, $c["hyp"], $c["crossings"], $c["system"], $c["variant"], z }'
prows = "< " . sprintf("awk -F, '%s' '%s'", pprog, profile)
nbars = system(sprintf("awk -F, '%s' '%s' | wc -l", pprog, profile)) + 0
if (nbars == 0) { exit }

do for [fmt in "pdf png"] {
	if (fmt eq "pdf") {
		set terminal pdfcairo noenhanced size 9in,4.2in font "Sans,8"
	} else {
		set terminal pngcairo noenhanced size 1600,760 font "Sans,10"
	}
	set output outdir . "/blkio-profile." . fmt
	reset
	set title sprintf("Where one sequential read ran, depth 1 (profiler, %s); on each bar: crossings between user, kernel and hypervisor", udesc)
	set style fill solid 1.0 border lc rgb "#404040"
	set grid ytics lc rgb "#dddddd"
	set ylabel udesc
	set xrange [-0.6 : nbars - 0.4]
	set yrange [0 : *]
	set offsets 0, 0, graph 0.12, 0
	set xtics rotate by 30 right nomirror font ",7"
	set key top left
	plot prows using ($1):($2 + $3 + $4 + $5):($1 - 0.35):($1 + 0.35):($2 + $3 + $4):($2 + $3 + $4 + $5) with boxxyerror lc rgb "#d55e00" title "hypervisor (Xen)", \
	     prows using ($1):($2 + $3 + $4):($1 - 0.35):($1 + 0.35):($2 + $3):($2 + $3 + $4) with boxxyerror lc rgb "#0072b2" title "kernel (the microkernel; Linux; on Xen dom0's, with blkback and brd or virtio-blk)", \
	     prows using ($1):($2 + $3):($1 - 0.35):($1 + 0.35):($2):($2 + $3) with boxxyerror lc rgb "#009e73" title "server task (the microkernel's RAM-disk server or virtio-blk driver)", \
	     prows using ($1):($2):($1 - 0.35):($1 + 0.35):(0):($2):xtic(7) with boxxyerror lc rgb "#56b4e9" title "client (the task, the process, the domU)", \
	     prows using ($1):($2 + $3 + $4 + $5):(sprintf("%.0f\n%.0f", $2 + $3 + $4 + $5, $6)) with labels offset 0, 1.2 font ",6" notitle
	unset output
}
