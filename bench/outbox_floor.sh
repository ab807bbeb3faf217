#!/usr/bin/env bash
# The outbox's own floor: how long SQLite alone takes to write what the daemon writes for N
# webhooks, with nothing else running. The daemon first delivers N notices to nginx (as
# dispatch_webhook.sh does) so that the outbox holds N real rows; then, on a copy of that
# database with the daemon's pragmas (WAL, synchronous=NORMAL), Python's sqlite3 module inserts
# the N rows as queued in one transaction, and marks them "sending" and then "sent" with the
# daemon's own statements, BATCH keys to a transaction (each transaction marks one batch as
# being sent and records the batch before it as sent, as the dispatcher's do). No rendering, no
# HTTP, no evaluation: only the three writes a notice needs to be as durable as it is.
# Usage: bench/outbox_floor.sh [N=10000] ["BATCHES"="16 64 500"] [RUNS=3]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
BATCHES=${2:-"16 64 500"}
RUNS=${3:-3}
command -v nginx >/dev/null || apt-get install -y -q --no-install-recommends nginx >/dev/null
build_release
PORT=18927
dir=$(work_dir outbox-floor)
start_nginx "$dir" "$PORT"
webhook_plan "$dir" "$PORT" "$N"
"$BIN" --config "$dir/fristvakt.yaml" --log-level warn run 2>"$dir/daemon.log" &
PID=$!
until [[ -f "$dir/access.log" ]] && (( $(wc -l < "$dir/access.log") >= N )); do sleep 0.05; done
kill -TERM "$PID"; wait "$PID" || true
kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true

/usr/bin/python3 - "$dir/fristvakt.db" "$RUNS" $BATCHES <<'PY'
import json, shutil, sqlite3, statistics, sys, time
source, runs, batches = sys.argv[1], int(sys.argv[2]), [int(b) for b in sys.argv[3:]]
db = sqlite3.connect(source)
columns = [d[0] for d in db.execute("SELECT * FROM outbox LIMIT 1").description]
rows = db.execute("SELECT * FROM outbox").fetchall()
db.close()
state = columns.index("state")
rows = [tuple("queued" if i == state else v for i, v in enumerate(r)) for r in rows]
keys = [r[columns.index("key")] for r in rows]
payload = sum(len(r[columns.index("payload")]) for r in rows) // len(rows)
print(f"{len(rows)} notices from the outbox, payloads of {payload} bytes on average")
insert = f"INSERT INTO outbox ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})"
sending = ("UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
           "WHERE key IN (SELECT value FROM json_each(?)) AND +state = 'queued' RETURNING key")
sent = ("UPDATE outbox SET state = 'sent', sent_at = s.at, last_error = '' "
        "FROM (SELECT value ->> 0 AS key, value ->> 1 AS at FROM json_each(?)) AS s "
        "WHERE outbox.key = s.key")
for batch in batches:
    totals, inserts, marks = [], [], []
    for _ in range(runs):
        copy = source + ".floor"
        shutil.copy(source, copy)
        db = sqlite3.connect(copy, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("DELETE FROM outbox")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        t0 = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(insert, rows)
        db.execute("COMMIT")
        t1 = time.perf_counter()
        for i in range(0, len(keys) + batch, batch):
            db.execute("BEGIN")
            if i < len(keys):
                db.execute(sending, (json.dumps(keys[i:i + batch]),)).fetchall()
            if i >= batch:
                db.execute(sent, (json.dumps([[k, 0] for k in keys[i - batch:i]]),))
            db.execute("COMMIT")
        t2 = time.perf_counter()
        db.close()
        inserts.append(t1 - t0)
        marks.append(t2 - t1)
        totals.append(t2 - t0)
    transactions = 1 + (len(keys) + batch - 1) // batch + 1
    print(f"{batch:4d} to a transaction ({transactions} transactions): queued {min(inserts):.3f}-{max(inserts):.3f} s, "
          f"sending and sent {min(marks):.3f}-{max(marks):.3f} s, together {min(totals):.3f}-{max(totals):.3f} s "
          f"(median {statistics.median(totals):.3f} s)")
PY
echo "machine: $(machine); $(date -u +%F)"
