#!/usr/bin/env bash
# The board's browser tests drive Debian's Chromium (/usr/bin/chromium). Install it when it is
# missing and apt can be used; otherwise say loudly that the browser tests will not run.
# (Never `playwright install`: it downloads a browser build of its own.)
set -uo pipefail
CHROMIUM="${BOARD_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

warn() {
    printf '\n%s\n' "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
    printf '!! %s\n' "$@" >&2
    printf '%s\n\n' "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
}

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: installing Debian's chromium package for the board's browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -q && apt-get install -y -q chromium; then
        if [ -x "$CHROMIUM" ]; then
            exit 0
        fi
    fi
    warn "Installing chromium with apt-get failed: the board's browser tests will NOT run" \
         "(under CI=true they fail instead)."
    exit 0
fi

warn "$CHROMIUM is missing and cannot be installed here (not root, or no apt-get)." \
     "The board's browser tests will NOT run (under CI=true they fail)." \
     "Install it with: sudo apt-get install chromium"
exit 0
