#!/bin/sh
# SPDX-License-Identifier: MIT
# Download the pinned packages into the cache and unpack them.
#
# Why this exists: everything that runs inside the Xen guest machine comes
# from Debian packages fetched with `apt-get download` and unpacked with
# `dpkg -x` into the build tree; nothing is installed on the host.  The
# cache keeps every .deb by name and version (apt's own file naming), so
# a warm cache needs no network and an apt-get update that changes nothing
# downloads nothing.
#
#   fetch.sh LOCK CACHE_DIR ROOT_DIR
# LOCK is resolve.sh's "role package version" list; ROOT_DIR is emptied
# and receives all packages unpacked on top of each other.
set -eu

lock=$1 cache=$2 root=$3

die() { echo "dom0/fetch: $*" >&2; exit 1; }

# apt-get download names files package_version_arch.deb with ':' as %3a.
deb_of() {
    v=$(printf '%s' "$2" | sed 's/:/%3a/g')
    for f in "$cache/$1_${v}_"*.deb; do
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    return 1
}

mkdir -p "$cache"
missing=""
while read -r _role pkg ver; do
    deb_of "$pkg" "$ver" >/dev/null || missing="$missing $pkg=$ver"
done < "$lock"

if [ -n "$missing" ]; then
    echo "dom0: downloading:$missing" >&2
    part=$cache/.partial.$$
    rm -rf "$part" && mkdir -p "$part"
    # APT::Sandbox::User=root: the cache need not be writable by _apt.
    # shellcheck disable=SC2086
    if ! (cd "$part" && apt-get -q -o APT::Sandbox::User=root download $missing >/dev/null); then
        rm -rf "$part"
        die "apt-get download failed for:$missing"
    fi
    mv "$part"/*.deb "$cache"/
    rmdir "$part"
    while read -r _role pkg ver; do
        deb_of "$pkg" "$ver" >/dev/null || die "package $pkg $ver was not downloaded"
    done < "$lock"
fi

rm -rf "$root"
mkdir -p "$root"
while read -r _role pkg ver; do
    dpkg -x "$(deb_of "$pkg" "$ver")" "$root" || die "dpkg -x failed for $pkg $ver"
done < "$lock"
