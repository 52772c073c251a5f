#!/usr/bin/env bash
# Runs every test: installs what is missing (scripts/setup.sh), builds the Release configuration
# with warnings as errors, runs all CTest tests (unit + integration against real servers), then
# builds the ASan+UBSan configuration with clang 14 and runs the unit tests under it.
#
#   bash scripts/test.sh              # everything
#   SKIP_SANITIZE=1 bash scripts/test.sh   # only the Release build and its tests
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

bash scripts/setup.sh

echo "== format check =="
bash scripts/check-format.sh

echo "== release build =="
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DWARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build/release -j "$jobs"

echo "== release tests =="
ctest --test-dir build/release --output-on-failure -j "$jobs" --timeout 900

if [ "${SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== sanitize build (clang 14, ASan+UBSan) =="
  CC=clang-14 CXX=clang++-14 cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
    -DWARNINGS_AS_ERRORS=ON -DBUILD_BENCHMARKS=OFF >/dev/null
  cmake --build build/sanitize -j "$jobs" --target core_tests cdc_tests tracing_tests mongo_sim_tests
  echo "== sanitize unit tests =="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/sanitize --output-on-failure -j "$jobs" -L unit
fi
echo "== all tests passed ($root) =="
