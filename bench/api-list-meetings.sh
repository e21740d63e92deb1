#!/usr/bin/env bash
# GET /api/v1/meetings (the ids) with 1,000 stored meetings under wrk, 32
# keep-alive connections (-c N, -n MEETINGS to change them).
# Prints one line: "GET /meetings (1000 meetings) ...: N req/s, p50 X ms, p99 Y ms".
source "$(dirname "$0")/lib.sh"

connections=32
meetings=1000
while (($#)); do
  case "$1" in
    -c) connections="$2"; shift 2 ;;
    -n) meetings="$2"; shift 2 ;;
    *) die "usage: $0 [-c CONNECTIONS] [-n MEETINGS]" ;;
  esac
done

start_bbb_sim
start_daemon
add_bench_server
add_bench_meetings "$meetings"
result="$(run_wrk "$connections" "$API/meetings")"
report_wrk "GET /meetings ($meetings meetings), keep-alive, $connections connections" "$result"
