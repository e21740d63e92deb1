#!/usr/bin/env bash
# The demo command (README "Quick start"): installs what is missing, builds,
# and runs `schedulight demo`: the daemon on a throw-away SQLite store with the
# BBB simulator and a local mail sink, and sample meetings that start within
# minutes. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
if [[ ! -x build/schedulight ]]; then
  echo "demo: building scheduLight; the first build takes a few minutes (later ones only rebuild what changed)" >&2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCHEDULIGHT_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target schedulight bbb-sim

exec build/schedulight demo "$@"
