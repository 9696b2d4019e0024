#!/bin/sh
# Checks the build dependencies and installs the missing Debian packages.
# Each entry: package, then a header that proves it is installed.  Extra
# arguments name tools (package = command) wanted too, e.g. hyperfine.
set -u
missing=""
check() {
	pkg=$1 hdr=$2
	if [ ! -f "/usr/include/$hdr" ] && [ ! -f "/usr/include/x86_64-linux-gnu/$hdr" ] &&
	   ! echo "#include <$hdr>" | ${CC:-cc} -E -x c - >/dev/null 2>&1; then
		missing="$missing $pkg"
	fi
}
check libpcre2-dev pcre2.h
check libcsv-dev csv.h
check zlib1g-dev zlib.h
check libjansson-dev jansson.h
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v ${CC:-cc} >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
for tool in "$@"; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing || {
	echo "deps: could not install:$missing (install them by hand: apt-get install$missing)" >&2
	exit 1
}
