#!/usr/bin/env bash
# The main job. For now (foundation stage) it installs, builds both products and prints their
# --help; the rigatoni pipeline issue turns it into the end-to-end demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" --target rigatoni reflow-tracing
./build/release/apps/rigatoni/rigatoni --help
./build/release/apps/reflow-tracing/reflow-tracing --help
