# Shared by the benchmark scripts: a release build, a work folder, a configuration whose
# calendar makes every hour a sending hour, and plans of N measures due today.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/build-bench/fristvakt"

build_release() {
  bash "$ROOT/scripts/install-deps.sh" >/dev/null
  cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release -DFRISTVAKT_TESTS=OFF >/dev/null
  cmake --build "$ROOT/build-bench" -j2 >/dev/null
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
import datetime, sys
path, n, unit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
deadline = sys.argv[4] if len(sys.argv) > 4 else datetime.date.today().strftime("%d.%m.%Y")
areas = ["folkehelse", "kommune-3-0", "digitalisering", "internt-samarbeid", "kompetanse"]
with open(path, "w") as f:
    f.write("Nr;Ansvar;Tiltak;Satsningsområde;Frist\n")
    for i in range(n):
        f.write(f"M-{i};{unit};Tiltak nummer {i};{areas[i % 5]};{deadline}\n")
PY
}

# proc_stats PID: "cpu_seconds peak_rss_kib" of a running process.
proc_stats() {
  local pid=$1 ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$(echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc) $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(uname -r)"
}
