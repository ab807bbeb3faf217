# Shared by the benchmark scripts: a release build, a work folder, a configuration whose
# calendar makes every hour a sending hour, and plans of N measures due today.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# FRISTVAKT_BIN: another binary to measure (say, a copy of the one before a change), unbuilt.
BIN=${FRISTVAKT_BIN:-"$ROOT/build-bench/fristvakt"}

build_release() {
  [[ -n ${FRISTVAKT_BIN:-} ]] && return 0
  bash "$ROOT/scripts/install-deps.sh" >/dev/null
  cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release -DFRISTVAKT_TESTS=OFF >/dev/null
  cmake --build "$ROOT/build-bench" -j2 >/dev/null
}

# The configuration's database line: empty for SQLite in the work folder; use_postgres sets it.
DATABASE_LINE=""
PG_BENCH_DIR=/tmp/fristvakt-bench-pg

# use_postgres NAME: a PostgreSQL server of the bench's own (started at the first call, with
# PostgreSQL's durable defaults unless PG_DURABLE=0; stopped when the script ends) and a fresh
# database NAME on it, which the next configurations use.
PG_STARTED=""
use_postgres() {
  local name=$1 url
  if [[ -z $PG_STARTED ]]; then
    # start stops a server an interrupted run left behind.
    PG_DURABLE=${PG_DURABLE:-1} bash "$ROOT/tests/testing/pg_server.sh" start "$PG_BENCH_DIR" >/dev/null
    PG_STARTED=1
    # The script's EXIT trap: a script that sets one of its own stops the server in it too.
    trap 'bash "$ROOT/tests/testing/pg_server.sh" stop "$PG_BENCH_DIR"' EXIT
  fi
  url=$(cat "$PG_BENCH_DIR/url")
  psql -q "$url" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
  DATABASE_LINE="database: \"$(echo "$url" | sed "s|/postgres?|/$name?|")\""
}

# work_dir NAME: a fresh folder under /tmp.
work_dir() {
  local dir="/tmp/fristvakt-bench-$1"
  rm -rf "$dir" && mkdir -p "$dir/rules"
  echo "$dir"
}

# write_config DIR EXTRA UNITS: fristvakt.yaml, units.yaml and one rule (on the deadline).
write_config() {
  local dir=$1 extra=$2 units=$3
  cat > "$dir/fristvakt.yaml" <<YAML
timezone: Europe/Oslo
calendar: {holidays: none, workdays: [mon, tue, wed, thu, fri, sat, sun], send_time: "00:00", send_until: "23:59"}
$extra
YAML
  printf '%s\n' "$units" > "$dir/units.yaml"
  cat > "$dir/rules/00.yaml" <<YAML
focus_area: "*"
rules:
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
YAML
  for area in folkehelse kommune-3-0 digitalisering internt-samarbeid kompetanse; do
    echo "focus_area: $area" > "$dir/rules/$area.yaml"
  done
}

# write_plan FILE N UNIT [DEADLINE]: N measures for UNIT across the five areas, due today.
write_plan() {
  /usr/bin/python3 - "$@" <<'PY'
import datetime, sys, zoneinfo
path, n, unit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
deadline = sys.argv[4] if len(sys.argv) > 4 else datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Oslo")).date().strftime("%d.%m.%Y")
areas = ["folkehelse", "kommune-3-0", "digitalisering", "internt-samarbeid", "kompetanse"]
with open(path, "w") as f:
    f.write("Nr;Ansvar;Tiltak;Satsningsområde;Frist\n")
    for i in range(n):
        f.write(f"M-{i};{unit};Tiltak nummer {i};{areas[i % 5]};{deadline}\n")
PY
}

# webhook_plan DIR PORT N: a configuration whose one unit has a json webhook to 127.0.0.1:PORT,
# and N measures of that unit due today, imported.
webhook_plan() {
  local dir=$1 port=$2 n=$3
  write_config "$dir" "webhooks: {sink: {url: \"http://127.0.0.1:$port/hook\", format: json}}
$DATABASE_LINE" "units: [{id: u, name: Enhet, webhook: sink}]"
  write_plan "$dir/plan.csv" "$n" u
  "$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
}

# proc_stats PID: "cpu_seconds peak_rss_kib" of a running process.
proc_stats() {
  local pid=$1 ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc) $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
}

# start_nginx DIR PORT [FIELD]: nginx on 127.0.0.1:PORT answering 204 to everything, logging one
# line per request (FIELD, default the time '$msec') to DIR/access.log, flushed every 100 ms.
# Sets NGINX_PID; returns once it accepts connections.
start_nginx() {
  local dir=$1 port=$2 field=${3:-'$msec'}
  cat > "$dir/nginx.conf" <<NGINX
worker_processes 2;
worker_rlimit_nofile 20000;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 8192; }
http {
  log_format t '$field';
  access_log $dir/access.log t buffer=64k flush=100ms;
  client_body_buffer_size 64k;
  client_max_body_size 100m;
  server { listen 127.0.0.1:$port backlog=4096; location / { return 204; } }
}
NGINX
  nginx -c "$dir/nginx.conf" -p "$dir" >/dev/null 2>&1 </dev/null &
  NGINX_PID=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(uname -r)"
}
