#!/usr/bin/env bash
# The README's two set-up commands:
#   packaging/dev.sh run    install what is missing, build, run the main job
#   packaging/dev.sh test   install what is missing, build, run every test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() { echo "usage: packaging/dev.sh run|test" >&2; exit 2; }
[ $# -eq 1 ] || usage

"$root/packaging/install-debian-packages.sh"
cmake --preset default
cmake --build --preset default

case "$1" in
  run)
    # Until the studio lands the main job renders a bundled recording headless.
    recording="$root/recordings/reasoning-then-answer.jsonl"
    out="$root/build/reasoning-then-answer.frames.jsonl"
    ./build/app/ossynapse inspect "$recording"
    ./build/app/ossynapse render "$recording" --fps 100 --out "$out"
    ;;
  test)
    ctest --preset default
    ;;
  *) usage ;;
esac
