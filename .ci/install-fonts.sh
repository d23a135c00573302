#!/usr/bin/env bash
# Install a font with Chinese characters (Debian's fonts-wqy-microhei, about 5 MB) so that
# charts draw Chinese outlet names and excerpts instead of boxes. DejaVu Sans, matplotlib's own
# font, already covers Latin and Cyrillic. Without root or sudo this says so and carries on:
# the charts then warn once and draw boxes.
set -euo pipefail
if fc-list 2>/dev/null | grep -qiE 'WenQuanYi Micro Hei|Noto Sans CJK'; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "fonts: need root or sudo to install fonts-wqy-microhei; charts will draw boxes for Chinese text" >&2
    exit 0
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null \
  || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null; }
fc-list | grep -i 'WenQuanYi Micro Hei' | head -1
