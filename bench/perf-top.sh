#!/usr/bin/env bash
# The top entries of a profile a bench script recorded with PERF_OUT=FILE:
# self time by symbol (template arguments shortened), then the schedulight
# functions with the most time including what they call.
#   bench/perf-top.sh FILE [N]
set -euo pipefail
file="$1"
n="${2:-12}"
shorten() {
  sed -E 's/nlohmann::json_abi_v[0-9_]+:://g; s/basic_json<[^ ]*( [^ ]*)*>/basic_json/; s/ +- +- *$//; s/ +$//' |
    awk '{ line = $0; if (length(line) > 110) line = substr(line, 1, 107) "..."; print line }'
}
echo "self:"
perf report -i "$file" --no-children --sort symbol -g none --stdio 2>/dev/null |
  grep -E '^ +[0-9]' | head -n "$n" | shorten
echo "including callees (schedulight code):"
perf report -i "$file" --children --sort symbol -g none --stdio 2>/dev/null |
  grep -E '^ +[0-9]' | grep -E 'schedulight::' | head -n "$n" | shorten
