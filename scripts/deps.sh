#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages the host needs to build and run the suite.
# As root: installs what is missing (apt-get update first).  Otherwise:
# prints the exact apt-get line and fails, changing nothing.
# Guest-side software (Xen, guest kernels) is never installed here: it is
# fetched into the build directory by the system that needs it.
set -u

PACKAGES="gcc libc6-dev binutils make pkg-config libjansson-dev libcmocka-dev \
qemu-system-x86 gnuplot-nox"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

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
