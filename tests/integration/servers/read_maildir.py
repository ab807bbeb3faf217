#!/usr/bin/python3
"""Prints every message of a Maildir (or every .eml file of a folder) as JSON, parsed with
Python's email package: the decoded headers, both body parts and the parser's defects."""
import email
import email.policy
import json
import os
import sys


def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    plain = m.get_body(("plain",))
    html = m.get_body(("html",))
    header_block = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    return {
        "file": os.path.basename(path),
        "headers": {k.lower(): str(v) for k, v in m.items()},
        "header_names": [k.lower() for k in m.keys()],
        "raw_headers": header_block,
        "content_type": m.get_content_type(),
        "plain": plain.get_content() if plain else None,
        "html": html.get_content() if html else None,
        "defects": len(m.defects) + sum(len(p.defects) for p in m.walk()),
        "max_line": max(len(line) for line in raw.split(b"\r\n")),
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b""),
    }


def main():
    folder = sys.argv[1]
    paths = []
    for sub in ("new", "cur"):
        d = os.path.join(folder, sub)
        if os.path.isdir(d):
            paths += [os.path.join(d, n) for n in os.listdir(d)]
    if not paths and os.path.isdir(folder):
        paths = [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".eml")]
    print(json.dumps([parse(p) for p in sorted(paths)]))


if __name__ == "__main__":
    main()
