#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and tests need.
# Runs apt-get as root, through sudo otherwise; on other systems it says what to install.
set -euo pipefail

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0  # WeasyPrint
  fonts-dejavu-core fonts-liberation2 fonts-noto-core                  # embedded in every PDF
  poppler-utils                                                        # pdftoppm, pdftotext
  chromium chromium-driver                                             # page tests and screenshots
  default-jre-headless                                                 # Nu HTML Checker
  libreoffice-impress-nogui                                            # opens the training deck
)
STAMP=".venv/.system-deps-ok"

if [ -f "$STAMP" ] && [ "$STAMP" -nt "$0" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: this is not a Debian or Ubuntu system." >&2
  echo "Install these (or your system's equivalents) by hand, then run make again:" >&2
  printf '  %s\n' "${PACKAGES[@]}" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run the HTML checker and Lighthouse; keep a Node the machine already has.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# Debian's python3 makes virtual environments only with python3-venv.
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-system-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

mkdir -p .venv && touch "$STAMP"
