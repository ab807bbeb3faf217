#!/usr/bin/env bash
# Scale benchmark: N measures across the five focus areas with the bundled example's rules.
# Reports the import time; the daemon's scheduling (as it logs it: how many measures it evaluated
# and how long it took) at a first start (no schedule yet), at a restart (the persisted
# schedule), after a reload with one area's rules changed (a rule added), after one with the
# defaults every area uses changed, and after one area's rule changed its severity only; and peak
# RSS. Usage: [AT=MOMENT] bench/scale.sh [N...] (default 10000 100000)
# AT: the moment the import and the daemon start at, with its offset (2026-12-09T10:00:00+01:00);
# the daemon's clock runs on from there in real time. Without it, the real clock: then the first
# start's work depends on the hour, since inside the sending window (a working day, 08:00-16:00)
# it also queues the catch-up of every overdue and stale measure, and outside it that catch-up
# waits for the window to open (the first start then only schedules).
source "$(dirname "$0")/lib.sh"
SIZES=("${@:-10000 100000}")
TODAY=$(TZ=Europe/Oslo date +%F)
if [[ -n ${AT:-} ]]; then
  export FRISTVAKT_NOW=$AT FRISTVAKT_SPEED=1
  TODAY=${AT:0:10}
fi
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
build_release
# evaluated LOG K: "M measures in S s" from the K-th scheduling the daemon logged.
evaluated() {
  grep "measures evaluated in" "$1" | sed -n "$2p" |
    sed -E 's/.* ([0-9]+) measures evaluated in ([0-9.]+) s.*/\1 measures in \2 s/'
}
for n in ${SIZES[@]}; do
  dir=$(work_dir "scale-$n")
  cp -r "$ROOT/examples/rules" "$ROOT/examples/units.yaml" "$dir/"
  cat > "$dir/fristvakt.yaml" <<YAML
timezone: Europe/Oslo
spool: spool/
YAML
  # Deadlines spread over two years around today, units round robin.
  /usr/bin/python3 - "$dir/plan.csv" "$n" "$TODAY" <<'PY'
import datetime, sys
path, n = sys.argv[1], int(sys.argv[2])
units = ["kff", "legetjenesten", "omsorgstjenesten", "hbo", "psykisk-helse-rus", "vitt",
         "helse-familie", "nav", "barnevern"]
areas = ["folkehelse", "kommune-3-0", "digitalisering", "internt-samarbeid", "kompetanse"]
today = datetime.date.fromisoformat(sys.argv[3])
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
  # First start: no schedule yet, every measure evaluated and its next moment written.
  "$BIN" --config "$dir/fristvakt.yaml" run 2>"$dir/daemon1.log" &
  PID=$!
  until grep -q "started on" "$dir/daemon1.log"; do sleep 0.1; done
  first=$(evaluated "$dir/daemon1.log" 1)
  read -r cpu rss_first < <(proc_stats "$PID")
  kill -TERM "$PID"; wait "$PID" || true
  # Restart on the persisted schedule, then two reloads: one area's rules changed, then the
  # defaults that every area uses.
  "$BIN" --config "$dir/fristvakt.yaml" run 2>"$dir/daemon2.log" &
  PID=$!
  until grep -q "started on" "$dir/daemon2.log"; do sleep 0.1; done
  restart=$(evaluated "$dir/daemon2.log" 1)
  read -r cpu rss_restart < <(proc_stats "$PID")
  printf 'rules:\n  - name: ekstra\n    when: {before_deadline: 3d}\n    to: [responsible]\n' \
    >>"$dir/rules/folkehelse.yaml"
  kill -HUP "$PID"
  until [ "$(grep -c "reloaded:" "$dir/daemon2.log")" -ge 1 ]; do sleep 0.1; done
  one_area=$(evaluated "$dir/daemon2.log" 2)
  sed -i 's/before_deadline: 14d/before_deadline: 10d/' "$dir/rules/00-standard.yaml"
  kill -HUP "$PID"
  until [ "$(grep -c "reloaded:" "$dir/daemon2.log")" -ge 2 ]; do sleep 0.1; done
  all_areas=$(evaluated "$dir/daemon2.log" 3)
  # A rule of one area changed in what it says (its severity), not when: no new occurrence.
  printf 'rules:\n  - name: varsel-14d\n    when: {before_deadline: 10d}\n    to: [responsible]\n    severity: warning\n' \
    >>"$dir/rules/kompetanse.yaml"
  kill -HUP "$PID"
  until [ "$(grep -c "reloaded:" "$dir/daemon2.log")" -ge 3 ]; do sleep 0.1; done
  wording=$(evaluated "$dir/daemon2.log" 4)
  read -r cpu rss < <(proc_stats "$PID")
  kill -TERM "$PID"; wait "$PID" || true
  echo "$n measures: import $(echo "$t1 - $t0" | bc) s; first start $first; restart $restart;" \
    "reload after one area's rules changed $one_area; after all changed $all_areas;" \
    "after one area's rule changed its severity only $wording;" \
    "peak RSS first start $((rss_first / 1024)) MiB, restart and reloads $((rss / 1024)) MiB" \
    "(after restart $((rss_restart / 1024)) MiB);" \
    "notices queued at the first start $(grep -oE '[0-9]+ notifications due now' "$dir/daemon1.log" | head -1)"
done
echo "machine: $(machine); $(date -u +%F)${AT:+; clock from $AT}"
