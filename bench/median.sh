#!/usr/bin/env bash
# Runs a bench script RUNS times (default 3) and prints each result line, then
# the run whose first figure (req/s, or the first number) is the median.
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
printf '%s\n' "${lines[@]}" |
  awk -F': ' '{ split($NF, parts, " "); print parts[1] "\t" $0 }' |
  sort -g | awk -F'\t' -v mid=$(((runs + 1) / 2)) 'NR == mid { print "median of '"$runs"': " $2 }'
