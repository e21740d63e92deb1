#!/usr/bin/env bash
# Runs a bench script RUNS times (default 3) and prints each result line, then
# the run whose first figure (req/s, or the first number after the name) is the median.
#   bench/median.sh bench/api-get-meeting.sh -c 1
#   RUNS=5 bench/median.sh bench/api-list-meetings.sh
set -euo pipefail
runs="${RUNS:-3}"
lines=()
for ((i = 1; i <= runs; i++)); do
  line="$("$@")"
  echo "  run $i: $line" >&2
  lines+=("$line")
done
# The sort key: the first number after the figure's name (req/s; p50 for the
# idle-connections line).
printf '%s\n' "${lines[@]}" |
  awk '{ rest = substr($0, index($0, ": ") + 2); match(rest, /[0-9.]+/);
         print substr(rest, RSTART, RLENGTH) "\t" $0 }' |
  sort -g | awk -F'\t' -v mid=$(((runs + 1) / 2)) 'NR == mid { print "median of '"$runs"': " $2 }'
