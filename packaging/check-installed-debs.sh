#!/usr/bin/env bash
# CI's check of the Debian packages on this machine: installs build-deb/*.deb with apt, then
# checks what a user gets: the CLI and the studio run, the daemon's system user exists in the
# gpio and spi groups, the installed configuration passes `ossynapsed --check-config`, and
# `systemd-analyze verify` accepts the installed unit. Needs root.
#
# Afterwards both packages are purged again (--keep keeps them): an installed
# /etc/ossynapse/ossynapsed.json is the default configuration of every ossynapsed, a build
# tree's included, so it must not stay behind on a developer's or CI's machine by accident.
set -euo pipefail
keep=0
[ "${1:-}" = "--keep" ] && keep=1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shopt -s nullglob
debs=("$root"/build-deb/ossynapse-studio_*.deb "$root"/build-deb/ossynapsed_*.deb)
[ ${#debs[@]} -eq 2 ] || { echo "check-installed-debs: expected two .deb files in build-deb/" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
purge() { apt-get purge -y -q ossynapse-studio ossynapsed >/dev/null && echo "installed-debs: purged again"; }
[ $keep -eq 1 ] || trap purge EXIT
apt-get install -y -q --no-install-recommends --reinstall "${debs[@]}"

fail=0
check() {
  local what=$1; shift
  if "$@"; then echo "installed-debs: ok: $what"; else echo "installed-debs: FAIL: $what" >&2; fail=1; fi
}
check "ossynapse --version runs" /usr/bin/ossynapse --version
check "ossynapse-studio --version runs" env QT_QPA_PLATFORM=offscreen /usr/bin/ossynapse-studio --version
# The installed studio on a virtual display, replaying an installed recording: its QML modules
# (the package's Depends by name) load, and it leaves a screenshot.
shot="$(mktemp -d)/studio.png"
check "the installed studio replays a bundled recording and saves a screenshot" bash -c \
  "xvfb-run -a -s '-screen 0 1280x800x24' /usr/bin/ossynapse-studio --fresh \
     /usr/share/ossynapse/recordings/short-answer.jsonl --capture '3:$shot' && test -s '$shot'"
check "user ossynapse exists" id ossynapse
check "ossynapse is in group gpio" bash -c 'id -nG ossynapse | tr " " "\n" | grep -qx gpio'
check "ossynapse is in group spi" bash -c 'id -nG ossynapse | tr " " "\n" | grep -qx spi'
check "ossynapse has no login shell" bash -c 'getent passwd ossynapse | grep -q ":/usr/sbin/nologin$"'
check "/etc/ossynapse/ossynapsed.json is a conffile" bash -c 'dpkg-query -W -f="\${Conffiles}" ossynapsed | grep -q /etc/ossynapse/ossynapsed.json'
check "ossynapsed --check-config passes on the installed config" \
  /usr/sbin/ossynapsed --config /etc/ossynapse/ossynapsed.json --check-config
check "the daemon passes its check as its own user" \
  setpriv --reuid=ossynapse --regid=ossynapse --init-groups /usr/sbin/ossynapsed --check-config
check "systemd-analyze verify accepts the unit" systemd-analyze verify /lib/systemd/system/ossynapsed.service
check "the studio's desktop entry is installed" test -f /usr/share/applications/org.ossynapse.Studio.desktop
check "the bundled recordings are installed" bash -c 'ls /usr/share/ossynapse/recordings/*.jsonl >/dev/null'
check "ossynapsed links no GUI library" bash -c '! ldd /usr/sbin/ossynapsed | grep -Eq "Qt6(Gui|Quick|Qml|Widgets)|libGL|libX11"'
[ $fail -eq 0 ] && echo "installed-debs: all checks passed"
exit $fail
