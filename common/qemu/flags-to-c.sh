#!/bin/sh
# SPDX-License-Identifier: MIT
# Print flags.sh as a C header for the harness (harness/qemu.c), so the C
# code and the shell users boot QEMU with the very same flags:
#   flags-to-c.sh FLAGS.sh >qemu_flags.h
# Each argument list becomes a NULL-terminated array of strings
# (QEMU_MACHINE_ARGS -> qemu_machine_args[]), each CPU model and command
# line a string macro of the same name (QEMU_MITIGATIONS_OFF, a list of
# words, is an array too).  A word C or the shell would read
# differently (a quote, backslash or glob character) is an error.
set -eu
[ $# -eq 1 ] || { echo "usage: flags-to-c.sh FLAGS.sh" >&2; exit 2; }
# shellcheck source-path=SCRIPTDIR source=flags.sh
. "$1"
set -f # the words are split below, never globbed

check() { # NAME VALUE: fail on a word C or the shell would not take as is
    case $2 in
    *[\"\\\'\*\?\[]*) echo "flags-to-c.sh: $1: a word has a quote, backslash or glob character" >&2; exit 1 ;;
    esac
}

array() { # C-NAME VALUE
    check "$1" "$2"
    printf 'static const char *const %s[] = {\n' "$1"
    # shellcheck disable=SC2086 # split into words on purpose
    printf '    "%s",\n' $2
    printf '    NULL,\n};\n'
}

macro() { # NAME VALUE: the words joined by single blanks
    check "$1" "$2"
    # shellcheck disable=SC2086 # split into words on purpose
    set -- "$1" $2
    name=$1
    shift
    printf '#define %s "%s"\n' "$name" "$*"
}

cat <<HEAD
/* Generated from $(basename "$1") by flags-to-c.sh (common/qemu/): do not edit. */
#ifndef QEMU_FLAGS_H
#define QEMU_FLAGS_H

#include <stddef.h>

HEAD
array qemu_machine_args "$QEMU_MACHINE_ARGS"
array qemu_tcg_args "$QEMU_TCG_ARGS"
array qemu_kvm_args "$QEMU_KVM_ARGS"
array qemu_mitigations_off "$QEMU_MITIGATIONS_OFF"
echo
macro QEMU_TCG_CPU "$QEMU_TCG_CPU"
macro QEMU_KVM_CPU "$QEMU_KVM_CPU"
macro QEMU_XEN_CMDLINE "$QEMU_XEN_CMDLINE"
macro QEMU_DOM0_CMDLINE "$QEMU_DOM0_CMDLINE"
macro QEMU_LINUX_CMDLINE "$QEMU_LINUX_CMDLINE"
macro QEMU_DISK_MIB "$QEMU_DISK_MIB"
macro QEMU_DISK_DRIVE "$QEMU_DISK_DRIVE"
macro QEMU_DISK_DRIVE_NODIRECT "$QEMU_DISK_DRIVE_NODIRECT"
macro QEMU_DISK_DEVICE "$QEMU_DISK_DEVICE"
echo
echo "#endif"
