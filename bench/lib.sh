# Sourced by the bench scripts: starts the services a figure needs on free
# loopback ports in a temp directory, and stops them (and removes the
# directory) when the script exits, however it exits.
#
#   BUILD_DIR   where schedulight and bbb-sim are built (default: build-release,
#               a Release build: cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release
#               -DSCHEDULIGHT_TESTS=OFF && cmake --build build-release --target schedulight bbb-sim)
#   DURATION    seconds of load per wrk run (default 10)
#   LOG_LEVEL   the daemon's log level (default info: every request is logged)
#   PERF_OUT    if set, `perf record --call-graph dwarf` samples the daemon during the wrk run into
#               this file (then: perf report -i FILE --no-children --percent-limit 1)
#
# Load goes to 127.0.0.1 only. Every wait is bounded.

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO_DIR/build-release}"
DURATION="${DURATION:-10}"
BENCH_TOKEN="bench-token-$RANDOM$RANDOM"

BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/schedulight-bench.XXXXXX")"
BENCH_PIDS=()

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    # Bounded: a daemon ends within 10 s of SIGTERM (docs/api.md).
    timeout 12 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

die() {
  echo "bench: $*" >&2
  exit 1
}

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "needs '$tool' (Debian: apt-get install -y $tool)"
  done
}

need curl python3 wrk
[[ -x "$BUILD_DIR/schedulight" && -x "$BUILD_DIR/bbb-sim" ]] ||
  die "build schedulight and bbb-sim first: cmake --build ${BUILD_DIR#"$REPO_DIR"/} --target schedulight bbb-sim"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts bbb-sim; sets SIM_PORT and SIM_SECRET.
start_bbb_sim() {
  SIM_SECRET="bench-sim-secret"
  SIM_PORT="$(free_port)"
  "$BUILD_DIR/bbb-sim" --listen "127.0.0.1:$SIM_PORT" --secret "$SIM_SECRET" --seed 1 \
    >"$BENCH_TMP/bbb-sim.log" 2>&1 &
  BENCH_PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "listening" "$BENCH_TMP/bbb-sim.log" 2>/dev/null && return 0
    sleep 0.05
  done
  die "bbb-sim did not start: $(cat "$BENCH_TMP/bbb-sim.log")"
}

# Starts `schedulight run` (all parts unless args say otherwise) on an SQLite
# store in the temp dir; sets API_PORT, API (the base URL) and DAEMON_PID.
start_daemon() {
  API_PORT="$(free_port)"
  API="http://127.0.0.1:$API_PORT/api/v1"
  cat >"$BENCH_TMP/app.yml" <<EOF
store: sqlite:$BENCH_TMP/state.db
timezone: Europe/Vienna
log: {level: ${LOG_LEVEL:-info}}
api:
  listen: 127.0.0.1:$API_PORT
  tokens: [$BENCH_TOKEN]
EOF
  "$BUILD_DIR/schedulight" --config "$BENCH_TMP/app.yml" run "$@" \
    >"$BENCH_TMP/daemon.out" 2>"$BENCH_TMP/daemon.err" </dev/null &
  DAEMON_PID=$!
  BENCH_PIDS+=("$DAEMON_PID")
  local i
  for ((i = 0; i < 200; i++)); do
    curl -sf -o /dev/null "$API/healthz" && return 0
    kill -0 "$DAEMON_PID" 2>/dev/null || die "the daemon ended: $(tail -5 "$BENCH_TMP/daemon.err")"
    sleep 0.05
  done
  die "the daemon did not answer /healthz within 10 s"
}

api() {  # api METHOD PATH [JSON]
  local method="$1" path="$2" body=()
  [[ $# -ge 3 ]] && body=(--data-binary "$3")
  curl -sf --max-time 10 -X "$method" -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' "${body[@]}" "$API$path" >/dev/null ||
    die "$method $path failed"
}

# The BBB server "bbb" (the simulator, no Greenlight) the meetings name.
add_bench_server() {
  api POST /servers "{\"id\": \"bbb\", \"BBB_URL\": \"http://127.0.0.1:$SIM_PORT/bigbluebutton/api\",
    \"BBB_SECRET\": \"$SIM_SECRET\", \"greenlight\": false}"
}

# Stores n meetings bench-0 .. bench-(n-1) over one keep-alive connection, each
# far in the future: the scheduler plans it once and leaves it.
add_bench_meetings() {  # add_bench_meetings N
  python3 - "$API_PORT" "$BENCH_TOKEN" "$1" <<'EOF'
import http.client, json, sys
port, token, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for i in range(n):
    body = json.dumps({"id": f"bench-{i}", "meetingName": f"Bench {i}", "useHomeRoom": True,
                       "startDate": "2099-06-01 10:00",
                       "owner": {"email": "owner@bench.example", "fullName": "Olga Owner"}})
    conn.request("POST", "/api/v1/meetings", body,
                 {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    answer = conn.getresponse()
    answer.read()
    if answer.status != 201:
        sys.exit(f"POST /meetings bench-{i}: {answer.status}")
    if answer.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
EOF
}

# Runs wrk against URL with the token and prints "REQS_PER_S P50_MS P99_MS ERRORS BUSY".
#   run_wrk CONNECTIONS URL [wrk args...]
run_wrk() {
  local connections="$1" url="$2"
  shift 2
  local threads=2
  ((connections < 2)) && threads=1
  local load perf_pid=""
  load="$(cpu_busy_before)"
  if [[ -n "${PERF_OUT:-}" ]]; then
    need perf
    perf record -F 499 --call-graph dwarf,16384 -o "$PERF_OUT" -p "$DAEMON_PID" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  timeout $((DURATION + 30)) wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency \
    -H "Authorization: Bearer $BENCH_TOKEN" "$@" "$url" >"$BENCH_TMP/wrk.out" 2>&1 ||
    die "wrk failed: $(cat "$BENCH_TMP/wrk.out")"
  [[ -n "$perf_pid" ]] && wait "$perf_pid"
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $5 }
    /Socket errors:/ { errors += 0 }
    END { printf "%.0f %.2f %.2f %d %s\n", rps, p50, p99, errors, load }
  ' load="$load" "$BENCH_TMP/wrk.out"
}

# How busy the machine's CPUs were (percent) in the second before the load
# started, while the daemon idled: printed with each figure, since other work
# on the machine (a compiler) takes the cores the daemon and wrk share.
cpu_busy_before() {
  local _ user nice system idle iowait irq softirq steal busy1 total1
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  busy1=$((user + nice + system + irq + softirq + steal))
  total1=$((busy1 + idle + iowait))
  sleep 1
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  local busy=$((user + nice + system + irq + softirq + steal - busy1))
  total=$((user + nice + system + irq + softirq + steal + idle + iowait - total1))
  echo "$((total > 0 ? 100 * busy / total : 0))%"
}

# Prints the result line:
#   "FIGURE: N req/s, p50 X ms, p99 Y ms[, E non-2xx] (CPU busy before: B%)".
report_wrk() {  # report_wrk FIGURE "RPS P50 P99 ERRORS LOAD"
  local figure="$1" rps p50 p99 errors load
  read -r rps p50 p99 errors load <<<"$2"
  local extra=""
  ((errors > 0)) && extra=", $errors non-2xx"
  echo "$figure: $rps req/s, p50 $p50 ms, p99 $p99 ms$extra (CPU busy before: $load)"
}
