#!/usr/bin/env bash
# Soak: one daemon lives through MONTHS simulated months (default 24) at accelerated time
# (FRISTVAKT_NOW + FRISTVAKT_SPEED) over N measures (default 10,000) with the bundled rules and
# digests, every unit and group on a webhook to nginx on 127.0.0.1 (which logs each request's
# Idempotency-Key). Meanwhile measures change at random through the command line, at the
# simulated time. Reports the daemon's RSS over the run, then checks that no key was delivered
# twice, that every delivery is recorded as sent and every sent one was delivered, and that
# nothing due is left unsent or dead.
# Usage: bench/soak.sh [N=10000] [MONTHS=24] [SPEED=100000]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
MONTHS=${2:-24}
SPEED=${3:-100000}
command -v nginx >/dev/null || apt-get install -y -q --no-install-recommends nginx >/dev/null
command -v sqlite3 >/dev/null || apt-get install -y -q --no-install-recommends sqlite3 >/dev/null
build_release
PORT=18931
dir=$(work_dir soak)
start_nginx "$dir" "$PORT" '$http_idempotency_key'
cp -r "$ROOT/examples/rules" "$dir/"
sed -E 's/email: \[.*\]/webhook: sink/' "$ROOT/examples/units.yaml" > "$dir/units.yaml"
# The example's configuration (calendar, digests) without its spool, with the webhook.
grep -vE '^(database|spool):' "$ROOT/examples/fristvakt.yaml" > "$dir/fristvakt.yaml"
cat >> "$dir/fristvakt.yaml" <<YAML
webhooks:
  sink: {url: "http://127.0.0.1:$PORT/hook", format: json}
YAML
START=$(date -u +%Y-%m-%dT08:00:00+00:00)
# Deadlines spread over the simulated months, status and updates varied, units round robin.
/usr/bin/python3 - "$dir/plan.csv" "$N" "$MONTHS" <<'PY'
import datetime, sys, zoneinfo
path, n, months = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
units = ["kff", "legetjenesten", "omsorgstjenesten", "hbo", "psykisk-helse-rus", "vitt",
         "helse-familie", "nav", "barnevern"]
areas = ["folkehelse", "kommune-3-0", "digitalisering", "internt-samarbeid", "kompetanse"]
today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo")).date()
days = months * 30
with open(path, "w") as f:
    f.write("Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status;Oppdatert\n")
    for i in range(n):
        deadline = today + datetime.timedelta(days=(i * 7919) % days)
        status = ["planlagt", "pågår", "pågår", "pågår"][i % 4]
        f.write(f"S-{i};{units[i % 9]};Tiltak {i};{areas[i % 5]};{deadline:%d.%m.%Y};{status};"
                f"{today:%d.%m.%Y}\n")
PY
export FRISTVAKT_NOW=$START
"$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
begin=$(date +%s.%N)
FRISTVAKT_SPEED=$SPEED "$BIN" --config "$dir/fristvakt.yaml" --log-level warn run 2>"$dir/daemon.log" &
PID=$!
real_seconds=$(( MONTHS * 30 * 86400 / SPEED ))
echo "soak: $N measures, $MONTHS months at ${SPEED}x = ${real_seconds} s; work in $dir"

# The simulated moment now, as the daemon sees it.
sim_now() {
  /usr/bin/python3 -c "import datetime,sys; s=datetime.datetime.fromisoformat(sys.argv[1]); \
print((s + datetime.timedelta(seconds=(float(sys.argv[2]) - float(sys.argv[3])) * float(sys.argv[4]))).replace(microsecond=0).isoformat())" \
    "$START" "$(date +%s.%N)" "$begin" "$SPEED"
}

: > "$dir/rss.log"
changes=0
while kill -0 "$PID" 2>/dev/null; do
  elapsed=$(echo "$(date +%s.%N) - $begin" | bc)
  (( $(echo "$elapsed >= $real_seconds" | bc) )) && break
  echo "$elapsed $(awk '/VmRSS/ {print $2}' "/proc/$PID/status")" >> "$dir/rss.log"
  # A few random changes, as the units would make them, at the simulated time.
  now=$(sim_now)
  for _ in 1 2 3; do
    id="S-$(( (RANDOM * 32768 + RANDOM) % N ))"
    case $(( RANDOM % 4 )) in
      0) args=(--status fullført) ;;
      1) args=(--progress $(( RANDOM % 100 ))) ;;
      2) args=(--deadline "$(date -d "${now%%T*} + $(( RANDOM % 200 + 1 )) days" +%d.%m.%Y)" --reason soak) ;;
      3) args=(--status pågår --comment "endret $now") ;;
    esac
    FRISTVAKT_NOW=$now "$BIN" --config "$dir/fristvakt.yaml" set "$id" "${args[@]}" >/dev/null 2>&1 \
      && changes=$((changes + 1))
  done
  sleep 1
done
end_sim=$(sim_now)
kill -TERM "$PID"; wait "$PID" || true
sleep 0.5  # nginx flushes its log every 100 ms
kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true

db="$dir/fristvakt.db"
end_epoch=$(date -d "$end_sim" +%s)
delivered=$(grep -c . "$dir/access.log" || true)
unique=$(sort -u "$dir/access.log" | grep -c . || true)
sent=$(sqlite3 "$db" "select count(*) from outbox where state = 'sent'")
dead=$(sqlite3 "$db" "select count(*) from outbox where state = 'dead'")
dropped=$(sqlite3 "$db" "select count(*) from outbox where state = 'dropped'")
# Due more than a simulated day before the end (its sending window has come since) and not sent.
overdue=$(sqlite3 "$db" "select count(*) from outbox where state in ('queued','sending') and next_attempt_at < $end_epoch - 86400")
sqlite3 "$db" "select key from outbox where state = 'sent'" | sort > "$dir/sent.keys"
sort -u "$dir/access.log" > "$dir/delivered.keys"
not_recorded=$(comm -13 "$dir/sent.keys" "$dir/delivered.keys" | grep -c . || true)
not_delivered=$(comm -23 "$dir/sent.keys" "$dir/delivered.keys" | grep -c . || true)
rss=$(awk 'NR == 1 {min = $2; max = $2} {if ($2 < min) min = $2; if ($2 > max) max = $2}
  {last = $2} END {print min, max, last}' "$dir/rss.log")
read -r rss_min rss_max rss_last <<< "$rss"
q=$(( $(wc -l < "$dir/rss.log") / 4 ))
rss_q1=$(awk -v q="$q" 'NR == q {print $2}' "$dir/rss.log")
echo "simulated until $end_sim; $changes random changes made"
echo "RSS: min $((rss_min / 1024)) MiB, after a quarter $((rss_q1 / 1024)) MiB, max $((rss_max / 1024)) MiB, at the end $((rss_last / 1024)) MiB"
echo "requests $delivered, distinct keys $unique (delivered twice: $((delivered - unique)))"
echo "outbox: sent $sent, dropped $dropped, dead $dead, due over a day ago and not sent: $overdue"
echo "delivered but not recorded as sent: $not_recorded; recorded as sent but never delivered: $not_delivered"
grep -E "error|critical" "$dir/daemon.log" | head -5
echo "machine: $(machine); $(date -u +%F)"
