#!/bin/sh
# SPDX-License-Identifier: MIT
#
# A stand-in for qemu-system-x86_64 so the harness can be tested end to
# end without a kernel.  It reads the same arguments bench-run gives QEMU,
# writes a console log to the -serial file and exits the way a guest
# would make QEMU exit.  The scenario comes from $FAKE_QEMU_SCENARIO:
#
#   ok          replay pingpong-transcript.txt (system and unit rewritten
#               to match -append), exit 1 (guest wrote 0 to 0xf4)
#   panic       boot noise, @@PANIC, exit 3 (guest wrote 1)
#   panic-hang  boot noise, @@PANIC, then hang
#   hang        boot noise, then hang
#   norecords   boot noise only, exit 1
#   triple      boot noise, half a record, exit 0 (triple fault)
#   bad         the transcript with one malformed record, exit 1
#   nodone      the transcript without its @@DONE line, exit 1
#   fail-system:S  system S behaves as "panic", every other as "ok"
#
# A calibration boot (-append calib) prints @@CALIB lines: fast (1.2
# cycles per iteration) unless $FAKE_QEMU_CALIB=slow.
# $FAKE_QEMU_ARGV, if set, names a file that receives one argument per line.
# $FAKE_QEMU_DISK, if set, names a file that receives "<file> <bytes>" of
# the -drive file= it was given (or "<file> missing"), as the boot saw it.
#
# A boot asked for wl=blkdev:N:W (a device boot, harness/plan.h) prints one
# blkdev record of N samples marked as windows, whose TSC samples include
# idle jumps (every other one 100000 more), and, with -plugin ...,out=F,
# writes the profiler's windows to F: insns 4000, 4001, ... (scenario ok).

here=$(dirname "$0")
serial='' append='' drive='' plugin=''
while [ $# -gt 0 ]; do
	[ -n "$FAKE_QEMU_ARGV" ] && printf '%s\n' "$1" >>"$FAKE_QEMU_ARGV"
	case $1 in
	--version) echo "QEMU emulator version 0.0.0 (fake)"; exit 0 ;;
	-serial) serial=${2#file:}; shift
		[ -n "$FAKE_QEMU_ARGV" ] && printf '%s\n' "$1" >>"$FAKE_QEMU_ARGV" ;;
	-append) append=$2; shift
		[ -n "$FAKE_QEMU_ARGV" ] && printf '%s\n' "$1" >>"$FAKE_QEMU_ARGV" ;;
	-drive|-plugin)
		[ "$1" = -drive ] && drive=$2 || plugin=$2; shift
		[ -n "$FAKE_QEMU_ARGV" ] && printf '%s\n' "$1" >>"$FAKE_QEMU_ARGV" ;;
	esac
	shift
done
[ -n "$serial" ] || { echo "fake-qemu: no -serial file:" >&2; exit 2; }
if [ -n "$FAKE_QEMU_DISK" ] && [ -n "$drive" ]; then
	disk=${drive#file=}; disk=${disk%%,*}
	if [ -f "$disk" ]; then
		echo "$disk $(stat -c %s "$disk")" >>"$FAKE_QEMU_DISK"
	else
		echo "$disk missing" >>"$FAKE_QEMU_DISK"
	fi
fi

noise() {
	printf 'SeaBIOS (version fake)\r\nBooting from ROM..\r\nuk: booting\r\n'
}

if [ "$append" = calib ]; then
	noise >"$serial"
	if [ "$FAKE_QEMU_CALIB" = slow ]; then
		printf '@@CALIB {"iters":1000,"tsc":4520000}\r\n' >>"$serial"
	else
		printf '@@CALIB {"iters":10000000,"tsc":12000000}\r\n' >>"$serial"
	fi
	exit 1
fi

# -append "bench system=S unit=U ..."
sys=$(printf '%s\n' "$append" | sed -n 's/.*system=\([^ ]*\).*/\1/p')
unit=$(printf '%s\n' "$append" | sed -n 's/.*unit=\([^ ]*\).*/\1/p')
replay() {
	sed -e "s/\"system\":\"uk\"/\"system\":\"$sys\"/" \
	    -e "s/\"unit\":\"insns\"/\"unit\":\"$unit\"/" \
	    "$here/pingpong-transcript.txt"
}

# A device boot: wl=blkdev:N:W alone.
device() {
	n=$(printf '%s\n' "$append" | sed -n 's/.*wl=blkdev:\([0-9]*\):.*/\1/p')
	noise
	samples='' i=0
	while [ "$i" -lt "$n" ]; do
		s=$((4000 + i - 6 + (i % 2) * 100000))
		samples=$samples${samples:+,}$s
		i=$((i + 1))
	done
	printf '@@BENCH {"v":2,"system":"%s","workload":"blkdev","variant":"virtio-driver",' "$sys"
	printf '"params":{"size":4096,"pattern":"seq","direction":"read","depth":1},"unit":"%s",' "$unit"
	printf '"n":%s,"warmup":10,"overhead":6,"window":0,"samples":[%s]}\r\n' "$n" "$samples"
	printf '@@DONE {"records":1}\r\n'
	out=$(printf '%s\n' "$plugin" | sed -n 's/.*,out=\([^,]*\).*/\1/p')
	[ -n "$out" ] || return 0
	echo "window,id,insns,user,kernel,hyp,other,crossings,cut_blocks" >"$out"
	i=0
	while [ "$i" -lt "$n" ]; do
		echo "$i,0,$((4000 + i)),1000,$((3000 + i)),0,0,4,0" >>"$out"
		i=$((i + 1))
	done
}

scenario=${FAKE_QEMU_SCENARIO:-ok}
case $scenario:$append in
ok:*wl=blkdev:*) device >"$serial"; exit 1 ;;
esac
case $scenario in
fail-system:*) [ "$sys" = "${scenario#fail-system:}" ] && scenario=panic || scenario=ok ;;
esac
case $scenario in
ok)	replay >"$serial"; exit 1 ;;
panic)	noise >"$serial"
	printf '@@PANIC page fault at 0xdead in root task\r\n' >>"$serial"
	exit 3 ;;
panic-hang)
	noise >"$serial"
	printf '@@PANIC kernel stack overflow\r\n' >>"$serial"
	exec sleep 600 ;;
hang)	noise >"$serial"; exec sleep 600 ;;
norecords)
	noise >"$serial"; exit 1 ;;
triple)	noise >"$serial"
	printf '@@BENCH {"v":1,"system":"%s","workl' "$sys" >>"$serial"
	exit 0 ;;
bad)	replay | sed '14s/"n":10,/"n":11,/' >"$serial"; exit 1 ;;
nodone)	replay | grep -v '^@@DONE' >"$serial"; exit 1 ;;
*)	echo "fake-qemu: unknown scenario $FAKE_QEMU_SCENARIO" >&2; exit 2 ;;
esac
