#!/usr/bin/python3
"""An SMTP server for fristvakt's tests: aiosmtpd on loopback, storing every message in a
Maildir. With --cert and --key it offers STARTTLS with that certificate; with --auth USER:PASS
it requires SMTP AUTH (allowed without TLS, for the test)."""
import argparse
import os
import signal
import socket
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--port", type=int, default=0, help="a fixed port (0: any free one)")
    args = parser.parse_args()
    params = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user \
                and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        params.update(authenticator=authenticate, auth_required=True, auth_require_tls=False)
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        params["tls_context"] = context
    port = args.port or free_port()
    controller = Controller(Mailbox(args.maildir), hostname="127.0.0.1", port=port, **params)
    controller.start()
    with open(args.port_file + ".part", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".part", args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
