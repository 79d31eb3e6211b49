#!/usr/bin/env bash
# Debian packages the system needs. `run`: PDF rendering (Pango, HarfBuzz subsetting, CJK fonts: Noto
# Serif/Sans CJK SC for 宋/黑, LXGW WenKai for 楷).
# `test`: those plus Chromium for the browser journeys and poppler-utils (pdffonts) for PDF checks.
# Installs what is missing when it can (root with apt-get); otherwise prints the exact command.
set -euo pipefail
profile=${1:-run}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-lxgw-wenkai fontconfig gettext)
if [ "$profile" = test ]; then
  packages+=(chromium poppler-utils docker-compose)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; make sure these are installed: ${packages[*]}" >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "  run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
