#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages the host needs to build and run the suite.
# As root: installs what is missing (apt-get update first).  Otherwise:
# prints the exact apt-get line and fails, changing nothing.
# Guest-side software (Xen, guest kernels) is never installed here: it is
# fetched into the build directory by the system that needs it.
set -u

PACKAGES="gcc libc6-dev binutils make pkg-config libjansson-dev libcmocka-dev libxen-dev \
qemu-system-x86 gnuplot-nox cpio xz-utils"

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
    apt-cache policy xen-hypervisor-4.17-amd64 2>/dev/null | grep -q 'Candidate: [0-9]'
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
