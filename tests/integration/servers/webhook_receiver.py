#!/usr/bin/python3
"""A webhook receiver for fristvakt's tests.

Records every request as one JSON line (path, headers, body, time, and whether its Standard
Webhooks signature is valid) and answers as the path begins:

  /ok         204
  /slow       204 after 20 ms
  /fail-once  500 the first time an Idempotency-Key is seen, then 200
  /fail-3     500 the first three times an Idempotency-Key is seen, then 200
  /bad        400
  /limited    429 with Retry-After: 2 the first time a key is seen, then 200
  /down       503, always
  /hang       never answers
"""
import argparse
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
SEEN = set()
COUNT = {}


def signature_valid(secret, headers, body):
    if not secret or "webhook-signature" not in headers:
        return None
    key = secret.encode()
    if secret.startswith("whsec_"):
        key = base64.b64decode(secret[6:])
    content = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, headers["webhook-signature"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        key = headers.get("idempotency-key", "")
        record = {
            "time": time.time(),
            "path": self.path,
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
            "signature_valid": signature_valid(self.server.secret, headers, body),
        }
        with LOCK:
            first = (self.path, key) not in SEEN
            SEEN.add((self.path, key))
            COUNT[(self.path, key)] = COUNT.get((self.path, key), 0) + 1
            attempt = COUNT[(self.path, key)]
            with open(self.server.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")
        if self.path.startswith("/hang"):
            time.sleep(3600)
            return
        status, extra = 204, {}
        if self.path.startswith("/slow"):
            time.sleep(0.02)
        elif self.path.startswith("/fail-once"):
            status = 500 if first else 200
        elif self.path.startswith("/fail-3"):
            status = 500 if attempt <= 3 else 200
        elif self.path.startswith("/bad"):
            status = 400
        elif self.path.startswith("/down"):
            status = 503
        elif self.path.startswith("/limited") and first:
            status, extra = 429, {"Retry-After": "2"}
        elif not self.path.startswith(("/ok", "/slow")):
            status = 200
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--secret", default="")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log = args.log
    server.secret = args.secret
    open(args.log, "w").close()
    with open(args.port_file + ".part", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(args.port_file + ".part", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
