#!/usr/bin/env bash
# Dispatch benchmark for e-mail: N notices due at once, rendered to MIME and sent over SMTP to
# postfix's smtp-sink on 127.0.0.1 (no postfix service runs). Reports messages per second from
# the daemon's start until the outbox records the last as sent, CPU time and peak RSS.
# Usage: bench/dispatch_smtp.sh [N=10000] [RUNS=3]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
RUNS=${2:-3}
if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postfix >/dev/null
fi
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
command -v sqlite3 >/dev/null || apt-get install -y -q --no-install-recommends sqlite3 >/dev/null
build_release
PORT=18925
for run in $(seq "$RUNS"); do
  dir=$(work_dir smtp)
  /usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$PORT" 1000 > "$dir/sink.log" 2>&1 &
  SINK=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do sleep 0.05; done
  write_config "$dir" "smtp: {url: \"smtp://127.0.0.1:$PORT\", starttls: off, from: fristvakt@example.no}" \
    "units: [{id: u, name: Enhet, email: [enhet@example.no]}]"
  write_plan "$dir/plan.csv" "$N" u
  "$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
  start=$(date +%s.%N)
  "$BIN" --config "$dir/fristvakt.yaml" --log-level warn run 2>"$dir/daemon.log" &
  PID=$!
  # Sent or given up (dead): a failing send must not leave the loop waiting for ever.
  until (( $(sqlite3 "$dir/fristvakt.db" "select count(*) from outbox where state in ('sent', 'dead')" 2>/dev/null || echo 0) >= N )); do
    kill -0 "$PID" 2>/dev/null || { kill "$SINK"; echo "the daemon stopped; see $dir/daemon.log" >&2; exit 1; }
    sleep 0.1
  done
  end=$(date +%s.%N)
  dead=$(sqlite3 "$dir/fristvakt.db" "select count(*) from outbox where state = 'dead'")
  (( dead == 0 )) || echo "run $run: $dead of $N mails dead; see $dir/daemon.log" >&2
  read -r cpu rss < <(proc_stats "$PID")
  kill -TERM "$PID"; wait "$PID" || true
  kill "$SINK"; wait "$SINK" 2>/dev/null || true
  seconds=$(echo "$end - $start" | bc)
  echo "run $run: $N mails in $seconds s = $(echo "$N / $seconds" | bc) messages/s, daemon CPU ${cpu} s, peak RSS $((rss / 1024)) MiB"
done
echo "machine: $(machine); $(date -u +%F)"
