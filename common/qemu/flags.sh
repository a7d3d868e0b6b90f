# SPDX-License-Identifier: MIT
# shellcheck shell=sh disable=SC2034 # sets variables for whoever sources it
# The QEMU machine every system boots on, written once.  POSIX sh that only
# sets variables.  Every value is a list of words with no blank, quote,
# backslash or glob character inside a word, so that
#   - shell users source it (`. common/qemu/flags.sh`) and expand an
#     argument list unquoted: qemu-system-x86_64 $QEMU_MACHINE_ARGS ...
#     (tests/run.sh, xenside/dom0/boot.sh, xenside/guest/Makefile `test`);
#   - flags-to-c.sh turns it into C for the harness (harness/qemu.c).
# Each user adds what differs per user: -serial, the image and its command
# line.  A run uses one CPU model for every system: -cpu $QEMU_TCG_CPU or
# -cpu $QEMU_KVM_CPU (the microkernel's self-tests also vary SMEP/SMAP).
#
# Why each flag is there:
#  - -machine pc, -m 2048, -smp 1: the same machine, memory and one vCPU
#    for every system (DESIGN.md, "Systems under test").
#  - -display none, -nographic, -monitor none: no window and no monitor;
#    the serial line is the only console.
#  - -no-reboot: a triple fault ends QEMU (status 0) instead of looping.
#  - -nic none: no guest needs a network card, and without one the BIOS
#    does not spend boot time in the card's PXE option ROM.
#  - isa-debug-exit at 0xf4: the guest ends the run by writing v there and
#    QEMU exits with (v << 1) | 1, so status 1 means "guest said success".
#  - -rtc ...,clock=vm and, under TCG, -icount shift=0,sleep=off,align=off
#    with rdrand/rdseed off: together they make TCG runs bit-for-bit
#    reproducible, and icount makes the TSC count guest instructions.
#  - -smap/-smep off: Xen's PV dom0 needs them off under TCG (with -cpu max
#    dom0 crashes in Xen's bounce-frame code); every system in a run gets
#    the same CPU flags, so they are off for all.

QEMU_MACHINE_ARGS="-machine pc -m 2048 -smp 1 -display none -nographic
    -monitor none -no-reboot -nic none
    -device isa-debug-exit,iobase=0xf4,iosize=0x04
    -rtc base=2024-01-01T00:00:00,clock=vm"

# The disk every boot of every system gets (issue 12, workload blkdev):
# QEMU's virtio-blk, legacy virtio-pci (disable-modern=on: I/O-port BAR0,
# the one interface the microkernel's driver speaks), at PCI 00:03.0, INTx
# only (vectors=0: no MSI-X; the line is level-triggered IRQ 11 under
# SeaBIOS), backed by a fresh sparse raw file of QEMU_DISK_MIB MiB per boot:
#   -drive file=FILE,$QEMU_DISK_DRIVE -device $QEMU_DISK_DEVICE
# cache=none,aio=native: the host's page cache stays out (O_DIRECT) and
# requests go to Linux AIO; a file system without O_DIRECT (tmpfs) needs
# QEMU_DISK_DRIVE_NODIRECT instead (the harness picks and records which).
# Attached to every boot, used or not, so every system sees one machine.
QEMU_DISK_MIB="16"
QEMU_DISK_DRIVE="if=none,id=vd0,format=raw,cache=none,aio=native"
QEMU_DISK_DRIVE_NODIRECT="if=none,id=vd0,format=raw,cache=writeback,aio=threads"
QEMU_DISK_DEVICE="virtio-blk-pci,drive=vd0,addr=03.0,disable-modern=on,vectors=0"

# qemu_disk FILE: make FILE the fresh sparse disk of one boot (every boot
# starts from zeros) and print the -drive options it takes:
# QEMU_DISK_DRIVE, or QEMU_DISK_DRIVE_NODIRECT where FILE's file system
# has no O_DIRECT.  The shell scripts' copy of harness/disk.c's choice.
qemu_disk() {
    rm -f "$1" && truncate -s "${QEMU_DISK_MIB}M" "$1" || return 1
    if dd if="$1" of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null; then
        printf '%s\n' "$QEMU_DISK_DRIVE"
    else
        printf '%s\n' "$QEMU_DISK_DRIVE_NODIRECT"
    fi
}

# Mode tcg: emulation, TSC = guest instructions.
QEMU_TCG_ARGS="-accel tcg -icount shift=0,sleep=off,align=off"
QEMU_TCG_CPU="max,-smap,-smep,-rdrand,-rdseed"

# Mode kvm: hardware-assisted, TSC = cycles.
QEMU_KVM_ARGS="-accel kvm"
QEMU_KVM_CPU="host,-smap,-smep,-rdrand,-rdseed"

# The Xen recipe (DESIGN.md, "Booting Xen under QEMU"): these are whole
# command lines, passed as one argument ("$QEMU_XEN_CMDLINE").  Xen's line
# (-append): serial console on COM1; dom0 gets a fixed 512 MB;
# bootscrub=false, or Xen scrubs free RAM in its idle loop, which is very
# slow under icount; no-real-mode, or Xen's real-mode boot code asks the
# BIOS for disk information (int 13h), SeaBIOS reads sector 0 of the
# virtio disk and waits for the host's I/O: its wait, in instructions,
# varies from boot to boot, and every exact count of Xen with it (with
# it, the domUs started at a guest TSC up to ~10 million instructions
# apart; without it, the same on every boot; edd=off is not enough; Xen
# needs none of it: console on COM1, memory map from multiboot);
# spec-ctrl=no (below).  dom0's line (after dom0's
# kernel in the first -initrd module): console on Xen's console (so on
# COM1), early messages there too, quiet, mitigations=off (below).
QEMU_XEN_CMDLINE="console=com1 com1=115200 dom0_mem=512M no-real-mode bootscrub=false spec-ctrl=no"
QEMU_DOM0_CMDLINE="console=hvc0 earlyprintk=xen quiet mitigations=off"

# The Linux recipe (linux/README.md): the kernel's own words, before the
# benchmark's.  Serial console on COM1 (ttyS0); quiet, because every
# console line costs emulated instructions; mitigations=off (below);
# panic=-1 reboots at once on a kernel panic (e.g. /init died), and
# -no-reboot turns that into QEMU's exit, so a panic is a failed boot
# within seconds, never a hang until the limit.
QEMU_LINUX_CMDLINE="console=ttyS0,115200 quiet mitigations=off panic=-1"

# Speculative-execution mitigations: every system runs without them, so
# systems are compared by their mechanisms, not their mitigations (the
# microkernel has none).  Linux's (native and dom0's) mitigations=off;
# Xen's spec-ctrl=no, which turns off all of Xen's own mitigations and
# the support for guests' (and with them XPTI and PV L1TF shadowing,
# which xpti= and pv-l1tf= would otherwise control: xen-command-line
# docs).  These are the words in the lines above that do it: the
# harness's --mitigations default (MITIGATIONS=default) removes them
# from every line, so each system runs with its shipped defaults.
QEMU_MITIGATIONS_OFF="mitigations=off spec-ctrl=no"
