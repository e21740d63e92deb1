#!/usr/bin/env bash
# POST /api/v1/meetings under wrk: every request stores a new meeting (a new
# id; far in the future, so the scheduler plans it and leaves it), 32
# connections, keep-alive unless --new-connection.
# Prints one line: "POST /meetings ...: N req/s, p50 X ms, p99 Y ms".
source "$(dirname "$0")/lib.sh"

connections=32
mode="keep-alive"
while (($#)); do
  case "$1" in
    -c) connections="$2"; shift 2 ;;
    --new-connection) mode="new connection per request"; shift ;;
    *) die "usage: $0 [-c CONNECTIONS] [--new-connection]" ;;
  esac
done

start_bbb_sim
start_daemon
add_bench_server
extra=()
[[ "$mode" != "keep-alive" ]] && extra=(-H "Connection: close")
result="$(run_wrk "$connections" "$API/meetings" -s "$BENCH_DIR/post-meeting.lua" "${extra[@]}")"
report_wrk "POST /meetings (a new meeting each), $mode, $connections connections" "$result"
