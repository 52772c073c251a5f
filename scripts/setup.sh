#!/usr/bin/env bash
# Installs everything the build, the tests and the benchmarks need on Debian 12, as root.
# Idempotent: safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache mold pkg-config git clang-14 libclang-rt-14-dev
  clang-format-14 valgrind
  # libraries (DESIGN.md, Dependencies)
  libmongoc-dev libbson-dev libboost1.74-dev libssl-dev libcurl4-openssl-dev libsimdjson-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev libpq-dev libsqlite3-dev
  libhiredis-dev libzstd-dev zlib1g-dev libsnappy-dev libjwt-dev libgtest-dev libgmock-dev
  libbenchmark-dev
  # real servers the tests start
  redis-server postgresql-15 postgresql-15-partman pgbouncer nginx prometheus
  ceph-mon ceph-osd radosgw
  # command-line tools used by tests and benchmarks
  zstd gzip procps iproute2 wrk hyperfine sqlite3 postgresql-client-15 redis-tools
)

# Node.js: some images ship a newer nodejs that bundles npm and conflicts with Debian's npm.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Services the packages start by themselves are not used: tests start their own on free ports.
for svc in redis-server postgresql nginx prometheus pgbouncer; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
  fi
done

# Pinned npm test tools (package.json + package-lock.json in the repo).
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm test tools from package-lock.json"
    # `npm install` (not `npm ci`): npm 11's ci rejects lock files that omit other platforms'
    # optional packages (@duckdb/node-bindings-*); versions stay pinned by package.json and the lock.
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules/.package-lock.json
  fi
fi
echo "setup: done"
