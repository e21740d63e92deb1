#!/usr/bin/env bash
# The test command (README "Quick start", and .ci/run): installs what is
# missing, checks formatting, builds with warnings as errors under
# AddressSanitizer + UndefinedBehaviorSanitizer, starts the services the tests
# need on free loopback ports, runs every test, runs the threaded parts' tests
# again under ThreadSanitizer, and stops the services again.
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

# The threaded parts once more under ThreadSanitizer: the store's claims and
# change feed, the engine's lanes and scheduler, the mail worker's relay lanes
# (docs/testing.md). Only these targets are built, to keep CI short.
tsan_dir=build-tsan
tsan_tests=(store_tests engine_state_test mail_test)
cmake -S . -B "$tsan_dir" -DCMAKE_BUILD_TYPE=Debug \
  -DSCHEDULIGHT_WERROR=ON -DSCHEDULIGHT_TSAN=ON >/dev/null
cmake --build "$tsan_dir" -j"$(nproc)" --target "${tsan_tests[@]}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
ctest --test-dir "$tsan_dir" --output-on-failure -j2 \
  -R "^($(IFS='|'; echo "${tsan_tests[*]}"))\$"

# Bounded fuzzing (docs/testing.md); FUZZ_SECONDS=0 skips it.
if [[ "${FUZZ_SECONDS:-30}" != 0 ]]; then
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi
