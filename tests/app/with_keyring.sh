#!/bin/sh
# Runs a command on a private D-Bus session with a fresh, unlocked GNOME keyring, so the
# keychain tests use a real Secret Service without touching the user's own keyrings.
set -eu
exec dbus-run-session -- sh -c '
    keyrings=$(mktemp -d)
    trap "rm -rf \"$keyrings\"" EXIT
    export XDG_DATA_HOME="$keyrings" XDG_RUNTIME_DIR="$keyrings"
    printf "test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    "$@"
' with_keyring "$@"
