#!/bin/bash
# Measures the daemon on a full disk: 10 meetings due, the store on a small
# tmpfs that is filled before `schedulight run --only meetings` starts, run for
# SECONDS; prints the BBB create calls bbb-sim received and the error lines
# logged, then frees the disk and prints both again 20 s later.
# Needs root (it mounts a tmpfs), python3 and curl.
#   scripts/measure-full-disk.sh build/schedulight build/bbb-sim [SECONDS]
set -u
BIN=$(realpath "$1"); SIM=$(realpath "$2"); SECS=${3:-30}
D=$(mktemp -d /tmp/schedulight-full-disk-XXXXXX); mkdir -p "$D/disk"
mount -t tmpfs -o size=2048k tmpfs "$D/disk" || exit 1
"$SIM" --listen 127.0.0.1:0 --secret measure-secret > "$D/sim.out" 2>&1 &
SIMPID=$!
sleep 1
URL=$(grep -o 'http://[^ ]*' "$D/sim.out" | head -1 | sed 's|/bigbluebutton/api/||')
creates() {
  curl -s "$URL/sim/calls" |
    python3 -c 'import json,sys; print(sum(json.load(sys.stdin).get("create", {}).values()))'
}
printf 'store: sqlite:%s/disk/state.db\ntimezone: Europe/Vienna\nlog: {level: info}\n' "$D" > "$D/app.yml"
{
  printf 'servers:\n  bbb:\n    BBB_URL: %s\n    BBB_SECRET: measure-secret\n' "$URL"
  printf '    send_emails: false\n    greenlight: false\nmeetings:\n'
  for i in $(seq 0 9); do
    printf '  m%d:\n    meetingName: Meeting %d\n    owner: {email: o%d@example.org, fullName: O}\n' \
      "$i" "$i" "$i"
  done
} > "$D/data.yml"
"$BIN" --config "$D/app.yml" apply "$D/data.yml" > /dev/null || echo "apply failed"
# Another connection keeps the WAL and shared-memory files, so the daemon can
# open the store on the full disk (creating them needs room).
python3 -c "import sqlite3,time; c=sqlite3.connect('$D/disk/state.db'); c.execute('select count(*) from servers').fetchall(); time.sleep($SECS + 60)" &
HOLD=$!
sleep 1
dd if=/dev/zero of="$D/disk/filler" bs=4k 2> /dev/null
dd if=/dev/zero of="$D/disk/filler2" bs=1 2> /dev/null
"$BIN" --config "$D/app.yml" run --only meetings > "$D/run.out" 2> "$D/run.err" &
RUNPID=$!
sleep "$SECS"
echo "disk full, $SECS s: $(creates) BBB creates, $(grep -c ' error ' "$D/run.err") error lines"
rm -f "$D/disk/filler" "$D/disk/filler2"
sleep 20
echo "disk freed, 20 s later: $(creates) BBB creates, $(grep -c ' error ' "$D/run.err") error lines"
kill "$RUNPID" "$SIMPID" "$HOLD"
wait
umount "$D/disk"
rm -rf "$D"
