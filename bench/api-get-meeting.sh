#!/usr/bin/env bash
# GET /api/v1/meetings/{id} under wrk: one stored meeting, the daemon running
# all its parts (api, meetings, commands, mail) on an SQLite store.
#   bench/api-get-meeting.sh                      32 keep-alive connections
#   bench/api-get-meeting.sh -c 1                 one keep-alive connection
#   bench/api-get-meeting.sh --new-connection     a new connection per request
# Prints one line: "GET /meetings/{id} ...: N req/s, p50 X ms, p99 Y ms".
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
add_bench_meetings 1
extra=()
[[ "$mode" != "keep-alive" ]] && extra=(-H "Connection: close")
result="$(run_wrk "$connections" "$API/meetings/bench-0" "${extra[@]}")"
report_wrk "GET /meetings/{id}, $mode, $connections connections" "$result"
