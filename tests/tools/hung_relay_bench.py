#!/usr/bin/env python3
# Usage: source the test services env (SCHEDULIGHT_TEST_SMTP_PLAIN_PORT), then
#   tests/tools/hung_relay_bench.py path/to/schedulight
# Prints when server B's mail is sent while server A's relay (a loopback
# socket that never greets) hangs with 10 mails queued ahead.
# Measures when server B's mail is sent while server A's relay hangs, with
# `schedulight mail deliver` (one pass), 10 of A's mails queued first.
import json, os, socket, sqlite3, subprocess, sys, time, tempfile
binary = sys.argv[1]
d = tempfile.mkdtemp(prefix="mailbench-")
silent = socket.socket(); silent.bind(("127.0.0.1", 0)); silent.listen(64)
port = silent.getsockname()[1]
plain = os.environ["SCHEDULIGHT_TEST_SMTP_PLAIN_PORT"]
open(f"{d}/app.yml", "w").write(f"store: sqlite:{d}/s.db\nlog: {{level: info}}\n")
open(f"{d}/data.yml", "w").write(f"""servers:
  a:
    BBB_URL: http://127.0.0.1:1/bigbluebutton/api
    BBB_SECRET: s
    link_base: http://127.0.0.1:1/b
    mailServer: 127.0.0.1:{port}
    mailTLS: none
  b:
    BBB_URL: http://127.0.0.1:1/bigbluebutton/api
    BBB_SECRET: s
    link_base: http://127.0.0.1:1/b
    mailServer: smtp://127.0.0.1:{plain}
    mailTLS: none
""")
subprocess.run([binary, "--config", f"{d}/app.yml", "apply", f"{d}/data.yml"], check=True, capture_output=True)
db = sqlite3.connect(f"{d}/s.db")
now = int(time.time())
for i, server in enumerate(["a"] * 10 + ["b"]):
    msg = {"server": server, "from": "bench@example.org", "mime": f"Subject: bench {i}\r\n\r\nx\r\n"}
    db.execute("insert into mails (kind, recipient, message, state, attempts, last_error, next_attempt_at, created_at, updated_at) values (?,?,?,?,?,?,?,?,?)",
               ("roomShared", f"r{i}@bench-{server}.test", json.dumps(msg), "queued", 0, "", None, now, now + i))
db.commit(); db.close()
start = time.time()
p = subprocess.Popen([binary, "--config", f"{d}/app.yml", "mail", "deliver"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
b_at = None
for line in p.stderr:
    print(f"{time.time()-start:6.1f} {line.strip()[:150]}", flush=True)
    if "sent to r10@bench-b.test" in line and b_at is None:
        b_at = time.time() - start
        print(f"B's mail sent after {b_at:.1f} s", flush=True)
    if "mail: " in line and " sent, " in line:
        break  # the pass ended (an old binary keeps retrying A's mails)
p.kill()
p.wait()
print(f"{binary}: B's mail sent after {b_at:.1f} s; pass took {time.time()-start:.1f} s")
