#!/usr/bin/env bash
# Latency from an API change to its event notice: the daemon with the HTTP API on 127.0.0.1, an
# event rule on status_changed that sends a webhook, and one Python process that both receives
# the webhooks (a threaded HTTP server answering 204) and sends the changes (PATCH status,
# planned <-> in_progress), so both times come from the same monotonic clock. Changes go one at
# a time, each after the previous notice arrived. Reports p50, p99 and max from sending the
# PATCH to the notice's arrival, and the PATCH's own response time.
# Usage: bench/latency.sh [CHANGES=1000] [MEASURES=10000]
source "$(dirname "$0")/lib.sh"
CHANGES=${1:-1000}
MEASURES=${2:-10000}
build_release
API_PORT=18961
HOOK_PORT=18962
dir=$(work_dir latency)
write_config "$dir" "api: {listen: \"127.0.0.1:$API_PORT\"}
webhooks: {sink: {url: \"http://127.0.0.1:$HOOK_PORT/hook\", format: json}}" \
  "units: [{id: u, name: Enhet, webhook: sink}]"
# Event rules go out at once inside the sending window, which write_config makes every hour.
echo "  - {name: status, when: {event: status_changed}, to: [responsible]}" >> "$dir/rules/00.yaml"
"$BIN" --config "$dir/fristvakt.yaml" check >/dev/null
# Deadlines months ahead: no time rule fires during the run.
write_plan "$dir/plan.csv" "$MEASURES" u "$(date -d '+120 days' +%d.%m.%Y)"
"$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
TOKEN=$("$BIN" --config "$dir/fristvakt.yaml" token create --admin --name bench | head -1)
"$BIN" --config "$dir/fristvakt.yaml" run 2>"$dir/daemon.log" &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null || true' EXIT
until grep -q "started on" "$dir/daemon.log"; do sleep 0.1; done

/usr/bin/python3 - "$API_PORT" "$HOOK_PORT" "$TOKEN" "$CHANGES" "$MEASURES" <<'PY'
import datetime, http.client, http.server, json, math, queue, sys, threading, time, zoneinfo
api_port, hook_port, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
changes, measures = int(sys.argv[4]), int(sys.argv[5])
arrivals = queue.Queue()

class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # curl keeps its connection
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        arrivals.put((time.monotonic(), self.headers.get("Idempotency-Key", "")))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", hook_port), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()

# The sending window ends at 23:59 local time; notices in the last minute wait for 00:00.
now = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo"))
if now.hour == 23 and now.minute >= 55:
    time.sleep(3600 - now.minute * 60 - now.second + 5)

api = http.client.HTTPConnection("127.0.0.1", api_port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
latency, response, lost, strays = [], [], [], 0
for i in range(changes):
    measure = f"M-{i % measures}"
    status = "in_progress" if (i // measures) % 2 == 0 else "planned"
    t0 = time.monotonic()
    api.request("PATCH", f"/api/v1/measures/{measure}", json.dumps({"status": status}), headers)
    r = api.getresponse()
    body = r.read()
    response.append(time.monotonic() - t0)
    if r.status != 200:
        sys.exit(f"PATCH {measure}: HTTP {r.status} {body[:200]!r}")
    while True:
        try:
            at, key = arrivals.get(timeout=max(0.0, t0 + 10 - time.monotonic()))
        except queue.Empty:
            lost.append(measure)
            break
        if key.split("/")[0] == measure:
            latency.append(at - t0)
            break
        strays += 1  # a notice for an earlier change, after its time-out

def pct(values, p):
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)] * 1000

print(f"{changes} status changes over {measures} measures, one at a time:")
if latency:
    print(f"  PATCH -> notice received: p50 {pct(latency, 50):.2f} ms, p99 {pct(latency, 99):.2f} ms, "
          f"max {max(latency) * 1000:.2f} ms (mean {sum(latency) / len(latency) * 1000:.2f} ms)")
print(f"  PATCH response: p50 {pct(response, 50):.2f} ms, p99 {pct(response, 99):.2f} ms, "
      f"max {max(response) * 1000:.2f} ms")
slow = sum(1 for v in latency if v > 0.05)
print(f"  notices over 50 ms: {slow}; not received within 10 s: {len(lost)}"
      + (f" ({', '.join(lost[:5])}...)" if lost else "") + f"; arriving after their time-out: {strays}")
PY
read -r cpu rss < <(proc_stats "$PID")
kill -TERM "$PID"; wait "$PID" || true
trap - EXIT
echo "  daemon CPU ${cpu} s, peak RSS $((rss / 1024)) MiB; errors or warnings in its log: $(grep -c ' warn\| error' "$dir/daemon.log" || true)"
echo "machine: $(machine); $(date -u +%F)"
