#!/usr/bin/env bash
# Builds CPython 3.13 from Debian trixie's source package into PREFIX, for `cargo xtask bench
# --python PREFIX/bin/python3.13[t]`. Run it twice, into two prefixes, once with --disable-gil:
# the same source and the same flags, so that the two interpreters differ by the GIL alone.
#
#   python/build-cpython.sh /opt/cpython-3.13
#   python/build-cpython.sh /opt/cpython-3.13t --disable-gil
#
# Debian 12 packages no free-threaded Python and PyPI has no interpreters, hence a build. The
# source comes from Debian's own mirror through a private apt configuration in a temporary
# folder: the system's apt sources are left as they are. Debian's patches are skipped (they adapt
# CPython to Debian's layout), so this is upstream's release as Debian ships it. No PGO or LTO
# (`--enable-optimizations` would triple the build time), for both builds alike.
#
# Needs: apt-get, dpkg-source (dpkg-dev), a C compiler, make, and the -dev packages below.
# Takes about 5 minutes on 2 cores. CI and the tests never run it.
set -euo pipefail

usage() {
  echo "usage: $0 PREFIX [--disable-gil]" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
prefix=$1
flags=()
if [ $# -eq 2 ]; then
  [ "$2" = "--disable-gil" ] || usage
  flags+=(--disable-gil)
fi
case $prefix in
  /*) ;;
  *) prefix="$PWD/$prefix" ;;
esac

# The modules the bench's programs import (ssl, sqlite3, zlib, ...) need these headers.
needed=(build-essential dpkg-dev libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev liblzma-dev)
missing=()
for package in "${needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-cpython: missing packages: ${missing[*]}" >&2
  echo "  install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A private apt with only trixie's source index (`apt-get source` needs a deb-src line), and its
# lists and cache in the temporary folder, so that it runs without root too. apt checks the
# index's signature with the system's keys and each file against the index; downloading as
# root rather than as the `_apt` user lets it write into that folder.
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/etc/preferences.d"
cat >"$work/apt/etc/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian trixie main
EOF
apt_options=(
  -o "Dir::Etc::SourceList=$work/apt/etc/sources.list"
  -o "Dir::Etc::SourceParts=/nonexistent"
  -o "Dir::Etc::Preferences=/nonexistent"
  -o "Dir::Etc::PreferencesParts=$work/apt/etc/preferences.d"
  -o "Dir::State::Lists=$work/apt/lists"
  -o "Dir::Cache=$work/apt/cache"
  -o "APT::Sandbox::User=root"
)
echo "== fetching python3.13's source package from Debian trixie"
apt-get "${apt_options[@]}" update -qq
(cd "$work" && apt-get "${apt_options[@]}" source --download-only python3.13 >/dev/null)
dsc=$(ls "$work"/python3.13_*.dsc)
# --no-check: the .dsc's own signature would need debian-keyring; apt has checked the files.
dpkg-source --no-check --skip-patches -x "$dsc" "$work/src" >/dev/null
echo "   $(basename "$dsc")"

echo "== configure ${flags[*]:-(default build)}"
cd "$work/src"
./configure --prefix="$prefix" "${flags[@]}" >"$work/configure.log" 2>&1 ||
  { tail -30 "$work/configure.log" >&2; exit 1; }
echo "== make (a few minutes)"
make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
make install >"$work/install.log" 2>&1 || { tail -30 "$work/install.log" >&2; exit 1; }

# A free-threaded build installs python3.13t beside python3.13 (the same binary).
python="$prefix/bin/python3.13"
[ -x "$prefix/bin/python3.13t" ] && python="$prefix/bin/python3.13t"
echo "== installed $python"
"$python" -c 'import sys; gil = getattr(sys, "_is_gil_enabled", lambda: True)(); print(sys.version.split()[0], "GIL on" if gil else "GIL off")'
