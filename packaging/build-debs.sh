#!/usr/bin/env bash
# Builds the Debian packages from this checkout: ossynapse-studio and ossynapsed (.deb files in
# build-deb/), with Debian's own tools (dpkg-buildpackage, debhelper) and flags.
#
#   packaging/build-debs.sh                  both packages for this machine
#   packaging/build-debs.sh --daemon-only    ossynapsed alone (core + daemon, no GUI libraries)
#   packaging/build-debs.sh --lintian        then run lintian on the .deb files (fails on errors)
#   other arguments go to dpkg-buildpackage (e.g. -a arm64 for a cross build)
#
# The debian/ directory lives in packaging/debian (the repository's top level is fixed); the
# script copies the tracked files of the checkout and packaging/debian into build-deb/src and
# builds there, so the checkout itself is never touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build-deb"
lintian=0
args=()
profiles=()
for arg in "$@"; do
  case "$arg" in
    --daemon-only) profiles+=(pkg.ossynapse.nostudio) ;;
    --lintian) lintian=1 ;;
    *) args+=("$arg") ;;
  esac
done

# Build dependencies come from packaging/debian-packages.txt (debhelper, lintian among them).
"$root/packaging/install-debian-packages.sh"

rm -rf "$out/src"
mkdir -p "$out/src"
# The checkout's tracked files as they are in the work tree (uncommitted edits included).
git -C "$root" ls-files -z | tar -C "$root" --null --no-recursion -T - -cf - | tar -xf - -C "$out/src"
rm -rf "$out/src/debian"
cp -r "$root/packaging/debian" "$out/src/debian"
rm -f "$out"/*.deb "$out"/*.ddeb "$out"/*.changes "$out"/*.buildinfo

export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=$(nproc) nocheck}"
profile_arg=()
[ ${#profiles[@]} -eq 0 ] || profile_arg=("-P$(IFS=,; echo "${profiles[*]}")")
(cd "$out/src" && dpkg-buildpackage -us -uc -b "${profile_arg[@]}" "${args[@]}")

ls -l "$out"/*.deb
if [ $lintian -eq 1 ]; then
  # Errors fail the build; warnings and notes are shown.
  lintian --fail-on error --no-tag-display-limit "$out"/*.changes
fi
