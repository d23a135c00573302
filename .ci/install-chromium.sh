#!/usr/bin/env bash
# Install Debian's chromium (used by the JupyterLab browser test through Playwright).
# Playwright's own browser download is not used: it needs the network at test time.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install chromium" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
chromium --version
