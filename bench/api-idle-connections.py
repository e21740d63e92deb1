#!/usr/bin/env python3
"""Whether idle keep-alive connections stall new clients.

Usage: bench/api-idle-connections.py PORT TOKEN [IDLE] (bench/api-idle-connections.sh
starts the daemon and calls this). Opens IDLE (256) keep-alive connections, each of
which sends one GET /api/v1/healthz and then stays open, idle; then, while they are
open, 50 new clients one after another each open a connection and GET
/api/v1/meetings/bench-0. Prints "p50_ms max_ms answered asked still_open".
Bounded: every socket has a 5 s timeout."""
import socket
import statistics
import sys
import time

port, token = int(sys.argv[1]), sys.argv[2]
idle_count = int(sys.argv[3]) if len(sys.argv) > 3 else 256


def request(path):
    return (f"GET /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\n\r\n").encode()


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return head.split(b"\r\n")[0]


idle = []
for _ in range(idle_count):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(request("/healthz"))
    idle.append(sock)
# Read the answers afterwards: the connections are all open before any is served,
# so a server that ties a thread to each must hold them all at once.
for sock in idle:
    read_response(sock)

times = []
asked = 50
for _ in range(asked):
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(request("/meetings/bench-0"))
            if b" 200 " in read_response(sock) + b" ":
                times.append((time.monotonic() - started) * 1000)
    except OSError:
        pass

# How many idle connections the server still keeps open (it may close idle ones).
still_open = 0
for sock in idle:
    sock.setblocking(False)
    try:
        still_open += 1 if sock.recv(1) else 0
    except BlockingIOError:
        still_open += 1
    except OSError:
        pass
    sock.close()

p50 = statistics.median(times) if times else float("nan")
worst = max(times) if times else float("nan")
print(f"{p50:.2f} {worst:.2f} {len(times)} {asked} {still_open}")
