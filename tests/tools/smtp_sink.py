#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for scheduLight's tests.

Every message it accepts is written to DIR as <port>-<n>.eml (the bytes as
received) and <port>-<n>.json: the envelope, the number of the TCP
connection it came over, whether it came over TLS and who authenticated,
and the message parsed by Python's standard email package (decoded headers,
every leaf part's type and decoded content, and the parser's defects), so the
C++ tests check scheduLight's MIME against an independent parser.

Fault injection, per recipient so parallel tests do not disturb each other:
a recipient whose local part starts with "refuseN-" (N a number) is refused
with "451 4.3.0 try again later" the first N times it is offered; a message
to one whose local part starts with "slowN-" is stored at once but answered
"250" only N milliseconds later (a slow relay: a client killed in between has
delivered a message it does not know about).

With --cert/--key/--user/--password it requires STARTTLS and AUTH; without,
it is a plain relay. It writes DIR/ready-<port> once it listens and runs
until SIGTERM or SIGINT.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import re
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

REFUSE = re.compile(r"^refuse(\d+)-")
SLOW = re.compile(r"^slow(\d+)-")


class Sink:
    def __init__(self, directory, port):
        self.directory = directory
        self.port = port
        self.sequence = itertools.count(1)
        self.refused = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        match = REFUSE.match(address)
        if match:
            with self.lock:
                count = self.refused.get(address, 0)
                self.refused[address] = count + 1
            if count < int(match.group(1)):
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.sequence)
        base = os.path.join(self.directory, f"{self.port}-{number}")
        with open(base + ".eml", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        summary = {
            "connection": server.sink_connection,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "auth_user": auth_user(session),
        }
        summary.update(parse(envelope.original_content or envelope.content))
        with open(base + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump(summary, out, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        delays = [int(m.group(1)) for m in map(SLOW.match, envelope.rcpt_tos) if m]
        if delays:
            await asyncio.sleep(max(delays) / 1000)
        return "250 OK stored"


def auth_user(session):
    auth = getattr(session, "auth_data", None)
    login = getattr(auth, "login", None)
    return login.decode() if isinstance(login, bytes) else login


def parse(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    defects = [repr(d) for d in message.defects]
    parts = []
    for part in message.walk():
        defects += [repr(d) for d in part.defects]
        if part.is_multipart():
            parts.append({"content_type": part.get_content_type(), "multipart": True})
            continue
        content = part.get_content()
        if isinstance(content, bytes):
            content = content.decode("utf-8")
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "method": part.get_param("method"),
            "filename": part.get_filename(),
            "disposition": part.get_content_disposition(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": content,
        })
    headers = {}
    for name in message.keys():
        headers[name] = str(message[name])
    return {"headers": headers, "parts": parts, "defects": defects}


class CountingController(Controller):
    """Numbers every TCP connection (STARTTLS keeps the number)."""

    connections = itertools.count(1)

    def factory(self):
        smtp = super().factory()
        smtp.sink_connection = next(self.connections)
        return smtp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    options = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == args.user and
                  auth_data.password.decode() == args.password)
            # handled=False: aiosmtpd itself answers 535 on failure.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        options = dict(tls_context=context, require_starttls=True, auth_required=True,
                       auth_require_tls=True, authenticator=authenticate)
    controller = CountingController(Sink(args.dir, args.port), hostname="127.0.0.1",
                                    port=args.port, **options)
    controller.start()
    with open(os.path.join(args.dir, f"ready-{args.port}"), "w") as ready:
        ready.write(str(os.getpid()))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
