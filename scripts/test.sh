#!/usr/bin/env bash
# The test command (README "Quick start", and .ci/run): installs what is
# missing, checks formatting, builds with warnings as errors under
# AddressSanitizer + UndefinedBehaviorSanitizer, starts the services the tests
# need on free loopback ports, runs every test, and stops the services again.
# Then the fuzzers replay their reproducers and run 30 s each (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/check-format.sh

build_dir=build-test
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug \
  -DSCHEDULIGHT_WERROR=ON -DSCHEDULIGHT_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh
start_test_services
trap stop_test_services EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build_dir" --output-on-failure -j2

# Bounded fuzzing (docs/testing.md); FUZZ_SECONDS=0 skips it.
if [[ "${FUZZ_SECONDS:-30}" != 0 ]]; then
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi
