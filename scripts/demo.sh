#!/usr/bin/env bash
# The demo command (README "Quick start"): installs what is missing, builds,
# and runs scheduLight on the embedded SQLite store with the example files.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCHEDULIGHT_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

demo_dir=build/demo
mkdir -p "$demo_dir"
rm -f "$demo_dir"/schedulight.db*
cat > "$demo_dir/schedulight.yml" <<YAML
store: sqlite:$demo_dir/schedulight.db
timezone: Europe/Vienna
YAML
sl=(build/schedulight --config "$demo_dir/schedulight.yml")

echo "== schedulight apply examples/config.yml"
"${sl[@]}" apply examples/config.yml
echo
echo "== schedulight apply examples/config.yml   (again: nothing changes)"
"${sl[@]}" apply examples/config.yml
echo
echo "== schedulight server list   (secrets are never shown)"
"${sl[@]}" server list
echo
echo "== schedulight meeting list"
"${sl[@]}" meeting list
echo
echo "== schedulight meeting show vorlesung-mathe --json"
"${sl[@]}" meeting show vorlesung-mathe --json
echo
echo "The store is $demo_dir/schedulight.db; try: ${sl[*]} meeting status vorlesung-mathe"
