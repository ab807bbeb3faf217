#!/usr/bin/env bash
# Scale benchmark: N measures across the five focus areas with the bundled example's rules.
# Reports the import time, the daemon's evaluation of every measure at start and after a reload
# (as it logs them), and its peak RSS. Usage: bench/scale.sh [N...] (default 10000 100000)
source "$(dirname "$0")/lib.sh"
SIZES=("${@:-10000 100000}")
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
build_release
for n in ${SIZES[@]}; do
  dir=$(work_dir "scale-$n")
  cp -r "$ROOT/examples/rules" "$ROOT/examples/units.yaml" "$dir/"
  cat > "$dir/fristvakt.yaml" <<YAML
timezone: Europe/Oslo
spool: spool/
YAML
  # Deadlines spread over two years around today, units round robin.
  /usr/bin/python3 - "$dir/plan.csv" "$n" <<'PY'
import datetime, sys
path, n = sys.argv[1], int(sys.argv[2])
units = ["kff", "legetjenesten", "omsorgstjenesten", "hbo", "psykisk-helse-rus", "vitt",
         "helse-familie", "nav", "barnevern"]
areas = ["folkehelse", "kommune-3-0", "digitalisering", "internt-samarbeid", "kompetanse"]
today = datetime.date.today()
with open(path, "w") as f:
    f.write("Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status;Oppdatert\n")
    for i in range(n):
        deadline = today + datetime.timedelta(days=(i * 7919) % 730 - 365)
        updated = today - datetime.timedelta(days=(i * 31) % 90)
        status = ["planlagt", "pågår", "pågår", "fullført"][i % 4]
        f.write(f"S-{i};{units[i % 9]};Tiltak {i};{areas[i % 5]};{deadline:%d.%m.%Y};{status};{updated:%d.%m.%Y}\n")
PY
  t0=$(date +%s.%N)
  "$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
  t1=$(date +%s.%N)
  "$BIN" --config "$dir/fristvakt.yaml" run 2>"$dir/daemon.log" &
  PID=$!
  until grep -q "started on" "$dir/daemon.log"; do sleep 0.1; done
  first=$(grep -m1 "measures evaluated in" "$dir/daemon.log" | sed -E 's/.*evaluated in ([0-9.]+) s.*/\1/')
  read -r cpu rss_start < <(proc_stats "$PID")
  kill -HUP "$PID"
  until grep -q "reloaded:" "$dir/daemon.log"; do sleep 0.1; done
  reload=$(grep "measures evaluated in" "$dir/daemon.log" | tail -1 | sed -E 's/.*evaluated in ([0-9.]+) s.*/\1/')
  read -r cpu rss < <(proc_stats "$PID")
  kill -TERM "$PID"; wait "$PID" || true
  echo "$n measures: import $(echo "$t1 - $t0" | bc) s; evaluation at start $first s, after reload $reload s; peak RSS $((rss / 1024)) MiB (after start $((rss_start / 1024)) MiB)"
done
echo "machine: $(machine); $(date -u +%F)"
