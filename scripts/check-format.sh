#!/usr/bin/env bash
# Fails when a C++ file is not formatted as .clang-format says.
# Fix with: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find src tools tests bench -name '*.cc' -o -name '*.h' 2>/dev/null | sort)
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
clang-format --dry-run -Werror "${files[@]}"
