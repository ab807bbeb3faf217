"""A webhook receiver on loopback that answers the first request on each connection with 200
and keeps the connection open, then reads the next request whole and resets the connection:
a receiver behind a proxy that drops kept-alive connections. Logs one line per request it
read: the time and its Idempotency-Key.

    reset_receiver.py --port-file FILE --log FILE
"""
import argparse
import os
import socket
import struct
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
args = parser.parse_args()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
log = open(args.log, "a")
lock = threading.Lock()
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(args.port_file + ".tmp", args.port_file)


def serve(c):
    n = 0
    buf = b""
    c.settimeout(5)
    while True:
        try:
            while b"\r\n\r\n" not in buf:
                chunk = c.recv(65536)
                if not chunk:
                    return
                buf += chunk
        except Exception:
            return
        head, _, rest = buf.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        while len(rest) < length:
            rest += c.recv(65536)
        buf = rest[length:]
        key = [l for l in head.split(b"\r\n") if l.lower().startswith(b"idempotency-key")]
        with lock:
            log.write("%.3f %s\n" % (time.time(), key[0].decode().split(": ", 1)[-1] if key else "?"))
            log.flush()
        n += 1
        if n == 1:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        else:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
            return


while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
