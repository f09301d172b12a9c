#!/usr/bin/env bash
# The Pi's daemon, built for arm64 with Debian's cross toolchain and run as arm64 binaries under
# qemu-user: the core's tests, the daemon's own tests (outputs, the shipped config) and its
# loopback tests (DDP, E1.31 and /update to trace, the safety timeout), with the host's CLI as
# the sender.
#
#   packaging/cross/test-arm64.sh [HOST_CLI]
#
# HOST_CLI defaults to build/app/ossynapse (the default preset's build). Installs the cross
# toolchain and arm64 libraries first (packaging/cross/arm64-setup.sh, needs root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
host_cli="${1:-$root/build/app/ossynapse}"
[ -x "$host_cli" ] || { echo "test-arm64: no host CLI at $host_cli (build the default preset first)" >&2; exit 1; }

"$root/packaging/cross/arm64-setup.sh"
cmake -S . -B build-arm64 -G Ninja --toolchain packaging/cross/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOSSYNAPSE_WERROR=ON -DOSSYNAPSE_BUILD_STUDIO=OFF \
  -DOSSYNAPSE_HOST_CLI="$host_cli"
cmake --build build-arm64

# The binaries are the Pi's, not this machine's.
file -L build-arm64/hardware/ossynapsed
file -L build-arm64/hardware/ossynapsed | grep -q 'ARM aarch64' \
  || { echo "test-arm64: ossynapsed is not an aarch64 binary" >&2; exit 1; }
ctest --test-dir build-arm64 --output-on-failure --timeout 600
