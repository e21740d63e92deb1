#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang 16 (in build-fuzz, every
# library instrumented, AddressSanitizer + UndefinedBehaviorSanitizer), then,
# for each target:
#   1. replays every reproducer kept in fuzz/regressions/<target>/ (each must
#      pass: a crash that was found once stays fixed), and
#   2. fuzzes for SECONDS from the seed corpus fuzz/corpus/<target>/.
# The corpus in the repository is only read; what the fuzzer finds goes to a
# temporary directory. Exits non-zero on any crash, timeout or out-of-memory,
# printing the sanitizer report and where the input that caused it was saved.
# docs/testing.md says how to reproduce one and keep it as a regression.
#
#   scripts/fuzz.sh [SECONDS]         each target fuzzes SECONDS (default 30)
#   FUZZ_TARGETS="fuzz_bbb_xml ..."   only these targets
#   FUZZ_JOBS=2                       targets run at a time (default 2)
#   FUZZ_MAX_LEN=65536                the largest input the fuzzer makes
#   FUZZ_BUILD_DIR=build-fuzz
#   FUZZ_CXX_FLAGS="-O0 -gline-tables-only"   -O1 fuzzes faster but builds twice as long
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
jobs=${FUZZ_JOBS:-2}
max_len=${FUZZ_MAX_LEN:-65536}
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
all_targets=(fuzz_yaml_document fuzz_json_document fuzz_csv_import fuzz_start_date fuzz_bbb_xml
  fuzz_api_request)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

compiler=$(command -v clang++-16 || true)
if [[ -z "$compiler" ]]; then
  echo "fuzz: clang++-16 not found; scripts/install-deps.sh --test installs it" >&2
  exit 1
fi
# Unoptimized with line tables: the build is most of the time a short run
# takes, and sanitizer reports still name file:line.
cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${FUZZ_CXX_FLAGS:--O0 -gline-tables-only}" \
  -DSCHEDULIGHT_FUZZ=ON -DSCHEDULIGHT_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}"

for symbolizer in /usr/lib/llvm-16/bin/llvm-symbolizer "$(command -v llvm-symbolizer || true)"; do
  if [[ -x "$symbolizer" ]]; then
    export ASAN_SYMBOLIZER_PATH=$symbolizer
    break
  fi
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

work=$(mktemp -d "${TMPDIR:-/tmp}/schedulight-fuzz.XXXXXX")
options=(-max_len="$max_len" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)

# Runs one target; its output goes to $work/<target>.log.
fuzz_target() {
  local target=$1 binary="$build_dir/fuzz/$1" log="$work/$1.log"
  local dict=() regressions=()
  [[ -f fuzz/dict/$target.dict ]] && dict=(-dict="fuzz/dict/$target.dict")
  mkdir -p "$work/$target/new" "$work/$target/crashes"
  if [[ -d fuzz/regressions/$target ]]; then
    mapfile -t regressions < <(find "fuzz/regressions/$target" -type f ! -name '*.md' | sort)
  fi
  {
    if ((${#regressions[@]} > 0)); then
      echo "== replaying ${#regressions[@]} reproducers from fuzz/regressions/$target"
      local file failing=0
      for file in "${regressions[@]}"; do
        if ! "$binary" "${options[@]}" -artifact_prefix="$work/$target/crashes/" "$file"; then
          echo "== FAILS AGAIN: $file"
          failing=1
        fi
      done
      ((failing == 0)) || return 1
    fi
    echo "== fuzzing $target for $seconds s"
    "$binary" "${options[@]}" "${dict[@]}" -max_total_time="$seconds" \
      -artifact_prefix="$work/$target/crashes/" "$work/$target/new" "fuzz/corpus/$target"
  } >"$log" 2>&1
}

report() {
  local target=$1 status=$2 log="$work/$1.log"
  if ((status == 0)); then
    echo "fuzz: $target ok ($(grep -ho 'stat::number_of_executed_units: [0-9]*' "$log" |
      tail -1 | grep -o '[0-9]*$' || echo '?') runs)"
    return 0
  fi
  echo "fuzz: $target FAILED (exit $status); the end of $log:" >&2
  tail -n 60 "$log" >&2
  local artifact
  for artifact in "$work/$target/crashes/"*; do
    [[ -e "$artifact" ]] || continue
    echo "fuzz: $target: the input is saved as $artifact" >&2
    echo "fuzz:   reproduce: $build_dir/fuzz/$target $artifact" >&2
  done
  grep "^== FAILS AGAIN: " "$log" | sed "s/^== FAILS AGAIN: /fuzz: $target: fails again: /" >&2 || true
  return 1
}

started=$SECONDS
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  (
    status=0
    fuzz_target "$target" || status=$?
    echo "$status" >"$work/$target.status"
  ) &
done
wait

failed=0
for target in "${targets[@]}"; do
  report "$target" "$(cat "$work/$target.status" 2>/dev/null || echo 1)" || failed=1
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - started)) s"
if ((failed)); then
  echo "fuzz: logs and inputs kept in $work" >&2
  exit 1
fi
rm -rf "$work"
