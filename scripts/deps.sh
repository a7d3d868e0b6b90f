#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages the host needs to build and run the suite.
#
#   deps.sh [PART...]     parts: ukernel, xen, linux, linux-pv, profiler,
#                         paper, tests (default: the four systems)
#
# Only what the named parts need is checked, so a microkernel-only run
# (make bench SYSTEMS=uk) needs neither the Xen packages nor apt lists
# that know Xen.  As root: installs what is missing (apt-get update
# first).  Otherwise: prints the exact apt-get line and fails, changing
# nothing.  Guest-side software (Xen, guest kernels) is never installed
# here: it is fetched into the build directory by the system that needs it.
set -u

[ $# -gt 0 ] || set -- ukernel xen linux linux-pv

# The harness, its tests, the plots and QEMU: every part needs them.
PACKAGES="gcc libc6-dev binutils make pkg-config libjansson-dev libcmocka-dev \
qemu-system-x86 gnuplot-nox jq"
xen=0 linux=0
for part in "$@"; do
    case $part in
    ukernel | profiler) ;; # the common packages are all they need
    xen) xen=1 ;;
    linux) linux=1 ;;
    linux-pv) xen=1 linux=1 ;;
    # The paper (make paper, and make test, which builds one): LaTeX with
    # geometry, graphicx and url, all in texlive-latex-base (about 118 MB
    # with its dependencies); make bench never asks for it.
    paper) PACKAGES="$PACKAGES texlive-latex-base" ;;
    # What the tests need besides: pdftotext reads the paper's text.
    tests) PACKAGES="$PACKAGES poppler-utils" ;;
    *) echo "deps: unknown part '$part' (known: ukernel xen linux linux-pv profiler paper tests)" >&2; exit 2 ;;
    esac
done
# Xen: public headers and libraries for the guest and the dom0 peer, and
# the tools that unpack Debian packages into the dom0 image.
[ $xen = 1 ] && PACKAGES="$PACKAGES libxen-dev cpio xz-utils"
# Linux: the static C library for the benchmark program (in libc6-dev
# above), and the tools that unpack Debian's kernel and busybox and pack
# the initramfs; the kernel package is pinned by the Xen side's
# resolve.sh (the same kernel as dom0), which asks apt about Xen too.
[ $linux = 1 ] && PACKAGES="$PACKAGES cpio xz-utils"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
# The Xen side fetches guest packages with apt-get download: apt's package
# lists must know them (a fresh or cleaned machine has no lists yet).
lists_ok() {
    [ $xen = 0 ] && [ $linux = 0 ] || apt-cache policy xen-hypervisor-4.17-amd64 2>/dev/null | grep -q 'Candidate: [0-9]'
}
if [ -z "$missing" ]; then
    lists_ok && exit 0
    if [ "$(id -u)" != 0 ]; then
        echo "deps: apt's package lists do not know Xen 4.17; run: sudo apt-get update" >&2
        exit 1
    fi
    echo "deps: updating apt's package lists" >&2
    apt-get update -qq && lists_ok && exit 0
    echo "deps: apt-get update failed, or no Debian 12 mirror offers xen-hypervisor-4.17-amd64" >&2
    exit 1
fi

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: install them with: sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then
    echo "deps: apt-get update failed (is a Debian mirror reachable?)" >&2
    exit 1
fi
# shellcheck disable=SC2086
if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
    echo "deps: apt-get install failed for:$missing" >&2
    exit 1
fi
echo "deps: done" >&2
