#!/usr/bin/env bash
# Dispatch benchmark: N notices due at once, delivered by webhook to nginx on 127.0.0.1
# answering 204. Reports the time from the daemon's start to the last request nginx logged,
# the daemon's CPU time and peak RSS, and how many connections the requests came on.
# nginx keeps its default keepalive_requests (1000 requests, then it closes the connection).
# With DATABASE=postgresql the daemon's database is PostgreSQL (a server of the bench's own, with
# PostgreSQL's durable defaults, on a Unix socket) instead of an SQLite file.
# Usage: [DATABASE=postgresql] bench/dispatch_webhook.sh [N=10000] [RUNS=3]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
RUNS=${2:-3}
command -v nginx >/dev/null || apt-get install -y -q --no-install-recommends nginx bc >/dev/null
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
case ${DATABASE:-sqlite} in
  sqlite | postgresql) ;;
  *) echo "DATABASE is sqlite or postgresql, not '$DATABASE'" >&2; exit 2 ;;
esac
build_release
PORT=18921
for run in $(seq "$RUNS"); do
  dir=$(work_dir dispatch)
  start_nginx "$dir" "$PORT" '$msec $connection'
  [[ ${DATABASE:-} == postgresql ]] && use_postgres "dispatch_$run"
  webhook_plan "$dir" "$PORT" "$N"
  sleep 0.5
  start=$(date +%s.%N)
  "$BIN" --config "$dir/fristvakt.yaml" --log-level "${LOG_LEVEL:-warn}" run 2>"$dir/daemon.log" &
  PID=$!
  until [[ -f "$dir/access.log" ]] && (( $(wc -l < "$dir/access.log") >= N )); do sleep 0.05; done
  read -r cpu rss < <(proc_stats "$PID")
  last=$(tail -1 "$dir/access.log" | cut -d' ' -f1)
  connections=$(cut -d' ' -f2 "$dir/access.log" | sort -u | wc -l)
  kill -TERM "$PID"; wait "$PID" || true
  kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true
  echo "run $run: $N webhooks in $(echo "$last - $start" | bc) s (start to last request), daemon CPU ${cpu} s, peak RSS $((rss / 1024)) MiB, $connections connections"
done
echo "database: ${DATABASE:-sqlite}; machine: $(machine); $(date -u +%F)"
