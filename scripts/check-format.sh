#!/usr/bin/env bash
# Fails if any tracked C++ file differs from the repository's .clang-format style.
#   bash scripts/check-format.sh        # check
#   bash scripts/check-format.sh --fix  # reformat in place
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format)
mode=(--dry-run --Werror)
[ "${1:-}" = "--fix" ] && mode=(-i)
status=0
while IFS= read -r f; do
  "$cf" "${mode[@]}" "$f" >/dev/null 2>&1 || { echo "not clang-formatted: $f"; status=1; }
done < <(git ls-files '*.cpp' '*.h')
exit $status
