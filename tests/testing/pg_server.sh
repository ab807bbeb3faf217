#!/usr/bin/env bash
# A throwaway PostgreSQL server for one test run (ctest's fixture PostgresServer):
#   pg_server.sh start DIR   initdb into DIR/data, start it listening only on a Unix socket in
#                            a fresh temporary folder, and write DIR/url, the URL of its
#                            `postgres` database for the tests' helper (tests/testing/test_store.h)
#   pg_server.sh stop DIR    stop it and remove the socket folder
# With PG_DURABLE=1 the server keeps PostgreSQL's defaults (fsync, synchronous commit, full page
# writes), as a production server would, for benchmarks; the tests turn them off for speed.
# Run as root, initdb and the server run as the `postgres` user (PostgreSQL refuses root), and
# the tests connect as that role. PostgreSQL missing is a failure, never a skip.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?folder}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bin" || ! -x "$bin/postgres" ]]; then
  echo "pg_server.sh: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres);" \
    "install Debian's postgresql package (scripts/install-deps.sh)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [[ -f "$dir/socket_dir" ]]; then
    rm -rf "$(cat "$dir/socket_dir")"
    rm -f "$dir/socket_dir"
  fi
  rm -f "$dir/url"
}

case "$action" in
  start)
    stop  # a server left over by an interrupted run
    rm -rf "$dir/data"
    sockets=$(mktemp -d /tmp/fristvakt-pg.XXXXXX)
    echo "$sockets" >"$dir/socket_dir"
    role=$(id -un)
    if [[ $(id -u) == 0 ]]; then
      role=postgres
      chown postgres: "$dir" "$sockets"
    fi
    chmod 700 "$sockets"
    as_owner "$bin/initdb" -D "$dir/data" -U "$role" -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ ${PG_DURABLE:-} == 1 ]] && speed=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses='' -k $sockets $speed -c max_connections=200 \
       -c shared_buffers=32MB" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$sockets&user=$role" >"$dir/url"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $sockets"
    ;;
  stop)
    stop
    ;;
  *)
    echo "pg_server.sh: start or stop, not '$action'" >&2
    exit 2
    ;;
esac
