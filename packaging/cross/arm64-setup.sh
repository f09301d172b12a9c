#!/usr/bin/env bash
# Installs what the arm64 cross build of the daemon needs on a Debian 12 amd64 machine: the
# arm64 architecture for dpkg (multiarch), Debian's cross compiler, the daemon's libraries for
# arm64 and qemu-user to run the arm64 tests. Needs root. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends crossbuild-essential-arm64 qemu-user \
  qt6-base-dev:arm64 libgpiod-dev:arm64 libzstd-dev:arm64 nlohmann-json3-dev
