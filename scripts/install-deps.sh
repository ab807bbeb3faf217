#!/usr/bin/env bash
# Installs every Debian 12 package that fristvakt's build, tests and demo need. Safe to run again:
# it installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates tzdata
  libboost-dev libboost-system-dev libcurl4-openssl-dev libsqlite3-dev libspdlog-dev
  libgtest-dev libgmock-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libhowardhinnant-date-dev libssl-dev libsystemd-dev libkainjow-mustache-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev python3-openpyxl libpqxx-dev postgresql
  python3 python3-aiosmtpd clang-format sqlite3 openssl systemd python3-prometheus-client
  chromium
)

# Node.js runs the dashboard's browser test; the machine image usually has it already.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: every package is installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
