#!/usr/bin/env bash
# 256 idle keep-alive connections must not stall new clients: opens them (each
# sends one request, then idles), then times 50 new clients one after another.
#   bench/api-idle-connections.sh [IDLE]
# Prints one line: "IDLE idle keep-alive connections: new clients p50 X ms, max Y ms, ...".
source "$(dirname "$0")/lib.sh"

idle="${1:-256}"
ulimit -n 4096 2>/dev/null || true
start_bbb_sim
start_daemon
add_bench_server
add_bench_meetings 1
read -r p50 worst answered asked still_open < <(
  timeout 120 python3 "$BENCH_DIR/api-idle-connections.py" "$API_PORT" "$BENCH_TOKEN" "$idle")
echo "$idle idle keep-alive connections: new clients p50 $p50 ms, max $worst ms," \
  "$answered/$asked answered; $still_open idle connections still open afterwards"
