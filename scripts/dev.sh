#!/usr/bin/env bash
# Set up a fresh Debian 12 machine for Clinic Intake and run it:
#   bash scripts/dev.sh app    install, then start the app on its embedded store
#   bash scripts/dev.sh test   install, then run the whole test suite
# Installs the apt packages Qt and the tests need (with sudo when not root), creates .venv,
# installs the project with its test extras. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  fonts-dejavu-core fontconfig xvfb xauth poppler-utils
  postgresql
)

install_apt() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The tests start a throwaway PostgreSQL cluster of their own (tests/pg_server.py).
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_python() {
  local py="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
}

case "${1:-}" in
  app)
    install_apt
    install_python
    shift
    exec .venv/bin/clinic-intake "$@"
    ;;
  test)
    install_apt
    install_python
    shift
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh app|test [args...]" >&2
    exit 64
    ;;
esac
