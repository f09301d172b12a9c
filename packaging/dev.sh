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
    # The studio, replaying a bundled recording on loop. Without a display (a server, a
    # container) it opens on a virtual one and leaves a screenshot of the answer streaming.
    recording="$root/recordings/reasoning-then-answer.jsonl"
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
      exec ./build/app/ossynapse-studio "$recording"
    fi
    shot="$root/build/studio.png"
    echo "no display: running the studio under Xvfb; screenshot at 36 s of the replay -> $shot"
    xvfb-run -a -s "-screen 0 1600x1000x24" ./build/app/ossynapse-studio --fresh "$recording" --capture "36:$shot"
    ;;
  test)
    ctest --preset default
    ;;
  *) usage ;;
esac
