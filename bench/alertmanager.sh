#!/usr/bin/env bash
# fristvakt beside Prometheus Alertmanager (Debian's 0.25): both deliver N notifications by
# webhook to the same receiver, nginx on 127.0.0.1 answering 204 and logging $msec.
# fristvakt: N measures due at once, as in dispatch_webhook.sh, timed from the daemon's start to
# the Nth request. Alertmanager: clustering off, one group per alert (group_by: ['...']),
# group_wait 0s, N alerts with distinct labels posted to /api/v2/alerts in batches of 500, timed
# from the first POST to the Nth request. The two alternate, RUNS times. Reports each one's rate
# (notifications/s) and peak RSS (VmHWM), and the ratios fristvakt/Alertmanager of the medians.
# Usage: bench/alertmanager.sh [N=10000] [RUNS=3]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
RUNS=${2:-3}
AM=/usr/bin/prometheus-alertmanager
command -v nginx >/dev/null || apt-get install -y -q --no-install-recommends nginx >/dev/null
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
[[ -x $AM ]] || apt-get install -y -q --no-install-recommends prometheus-alertmanager >/dev/null
build_release
NGINX_PORT=18963
AM_PORT=18964
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# The receiver: nginx (lib.sh); its log lines are the notifications delivered.
start_receiver() {
  start_nginx "$1" "$NGINX_PORT"
  PIDS+=("$NGINX_PID")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
delivered() { if [[ -f $1/access.log ]]; then wc -l < "$1/access.log"; else echo 0; fi; }

# wait_delivered DIR: until nginx logged N requests, or none came for 30 s. Prints the count.
wait_delivered() {
  local dir=$1 count last=-1 since
  since=$(date +%s)
  while :; do
    count=$(delivered "$dir")
    (( count >= N )) && break
    if (( count != last )); then last=$count; since=$(date +%s); fi
    (( $(date +%s) - since >= 30 )) && break
    sleep 0.05
  done
  echo "$count"
}

# run_fristvakt: sets RESULT to "seconds delivered peak_rss_kib cpu_seconds first_to_last_seconds".
run_fristvakt() {
  local dir start count first last cpu rss
  dir=$(work_dir am-fristvakt)
  start_receiver "$dir"
  webhook_plan "$dir" "$NGINX_PORT" "$N"
  sleep 0.5
  start=$(date +%s.%N)
  "$BIN" --config "$dir/fristvakt.yaml" --log-level warn run 2>"$dir/daemon.log" &
  local pid=$!
  PIDS+=("$pid")
  count=$(wait_delivered "$dir")
  (( count > 0 )) || { echo "fristvakt: no request reached nginx; see $dir" >&2; exit 1; }
  read -r cpu rss < <(proc_stats "$pid")
  sleep 0.2  # nginx flushes its log every 100 ms
  last=$(sed -n "${count}p" "$dir/access.log")
  first=$(head -1 "$dir/access.log")
  kill -TERM "$pid"; wait "$pid" || true
  stop "$NGINX_PID"
  [[ -s $dir/daemon.log ]] && echo "fristvakt logged warnings or errors: $dir/daemon.log" >&2
  RESULT="$(echo "$last - $start" | bc) $count $rss $cpu $(echo "$last - $first" | bc)"
}

# run_alertmanager: sets RESULT to "seconds delivered peak_rss_kib cpu_seconds
# first_to_last_seconds post_seconds".
run_alertmanager() {
  local dir count first last cpu rss
  dir=$(work_dir am-alertmanager)
  start_receiver "$dir"
  cat > "$dir/alertmanager.yml" <<YAML
route:
  receiver: nginx
  group_by: ['...']
  group_wait: 0s
  group_interval: 1h
  repeat_interval: 24h
receivers:
  - name: nginx
    webhook_configs:
      - url: http://127.0.0.1:$NGINX_PORT/hook
        send_resolved: false
YAML
  "$AM" --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= 2>"$dir/alertmanager.log" &
  local pid=$!
  PIDS+=("$pid")
  until curl -sf -o /dev/null "http://127.0.0.1:$AM_PORT/-/ready"; do sleep 0.1; done
  read -r t0 t1 < <(/usr/bin/python3 - "$AM_PORT" "$N" <<'PY'
import http.client, json, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
alerts = [{"labels": {"alertname": "Frist", "measure": f"M-{i}", "unit": "u"},
           "annotations": {"summary": f"Tiltak nummer {i}"}} for i in range(n)]
bodies = [json.dumps(alerts[i:i + 500]) for i in range(0, n, 500)]
conn = http.client.HTTPConnection("127.0.0.1", port)
t0 = time.time()
for body in bodies:
    conn.request("POST", "/api/v2/alerts", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    answer = r.read()
    if r.status != 200:
        sys.exit(f"POST /api/v2/alerts: HTTP {r.status} {answer[:200]!r}")
print(t0, time.time())
PY
  )
  count=$(wait_delivered "$dir")
  (( count > 0 )) || { echo "Alertmanager: no request reached nginx; see $dir" >&2; exit 1; }
  read -r cpu rss < <(proc_stats "$pid")
  sleep 0.2
  last=$(sed -n "${count}p" "$dir/access.log")
  first=$(head -1 "$dir/access.log")
  stop "$pid"
  stop "$NGINX_PID"
  grep -q 'level=\(warn\|error\)' "$dir/alertmanager.log" &&
    echo "Alertmanager logged warnings or errors: $dir/alertmanager.log" >&2
  RESULT="$(echo "$last - $t0" | bc) $count $rss $cpu $(echo "$last - $first" | bc) $(echo "$t1 - $t0" | bc)"
}

f() { printf %.2f "$1"; }
results=()
for run in $(seq "$RUNS"); do
  run_fristvakt
  read -r fs fn frss fcpu fspan <<< "$RESULT"
  echo "run $run fristvakt:    $fn of $N webhooks in $(f "$fs") s (daemon start to last request; first to last request $(f "$fspan") s) = $(echo "$fn / $fs" | bc) /s, CPU $(f "$fcpu") s, peak RSS $((frss / 1024)) MiB"
  run_alertmanager
  read -r as an arss acpu aspan apost <<< "$RESULT"
  echo "run $run Alertmanager: $an of $N webhooks in $(f "$as") s (first POST to last request; first to last request $(f "$aspan") s; posting took $(f "$apost") s) = $(echo "$an / $as" | bc) /s, CPU $(f "$acpu") s, peak RSS $((arss / 1024)) MiB"
  results+=("$fs $fn $frss $as $an $arss")
done
printf '%s\n' "${results[@]}" | /usr/bin/python3 -c '
import statistics, sys
rows = [list(map(float, line.split())) for line in sys.stdin]
f_rate = statistics.median(r[1] / r[0] for r in rows)
a_rate = statistics.median(r[4] / r[3] for r in rows)
f_rss = statistics.median(r[2] for r in rows) / 1024
a_rss = statistics.median(r[5] for r in rows) / 1024
print(f"median: fristvakt {f_rate:.0f} /s, {f_rss:.0f} MiB; Alertmanager {a_rate:.0f} /s, {a_rss:.0f} MiB")
print(f"fristvakt/Alertmanager: rate {f_rate / a_rate:.2f}x, peak RSS {f_rss / a_rss:.2f}x")'
echo "machine: $(machine); $(date -u +%F)"
