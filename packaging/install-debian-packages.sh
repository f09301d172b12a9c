#!/usr/bin/env bash
# Installs the Debian packages listed in packaging/debian-packages.txt that are not installed yet;
# those after its "# optional" line only with --optional (tools not needed to build or test).
# Idempotent: when everything is present it touches nothing and needs no network.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/debian-packages.txt"

with_optional=0
[ "${1:-}" = "--optional" ] && with_optional=1
if [ $with_optional -eq 1 ]; then
  mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')
else
  mapfile -t wanted < <(sed -e '/^# optional$/,$d' -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')
fi
missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-debian-packages: all ${#wanted[@]} packages present"
  exit 0
fi

echo "install-debian-packages: installing ${#missing[@]} missing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-debian-packages: need root or sudo to install packages" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
