#!/usr/bin/env bash
# The daemon's memory floor: `fristvakt run` with the webhook configuration of
# dispatch_webhook.sh and no measures at all, so that it has nothing to evaluate or send. Once it
# has logged "started on" and settled for S seconds, reports its RSS split into file-backed pages
# (the binary and the shared libraries it loads) and anonymous ones (its heap and stacks), and the
# largest mappings. What any run of the daemon costs before it does any work.
# Usage: bench/memory_floor.sh [S=2] [TOP=12]
source "$(dirname "$0")/lib.sh"
S=${1:-2}
TOP=${2:-12}
build_release
dir=$(work_dir memory-floor)
write_config "$dir" 'webhooks: {sink: {url: "http://127.0.0.1:9/hook", format: json}}' \
  "units: [{id: u, name: Enhet, webhook: sink}]"
"$BIN" --config "$dir/fristvakt.yaml" --log-level info run 2>"$dir/daemon.log" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
until grep -q "started on" "$dir/daemon.log"; do
  kill -0 "$PID" 2>/dev/null || { echo "the daemon stopped; see $dir/daemon.log" >&2; exit 1; }
  sleep 0.1
done
sleep "$S"
/usr/bin/python3 - "$PID" "$TOP" <<'PY'
import collections, sys
pid, top = sys.argv[1], int(sys.argv[2])
rollup = {}
for line in open(f"/proc/{pid}/smaps_rollup"):
    parts = line.split()
    if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
        rollup[parts[0][:-1]] = int(parts[1])
by_mapping = collections.Counter()
name = None
for line in open(f"/proc/{pid}/smaps"):
    parts = line.split()
    if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
        name = parts[5] if len(parts) > 5 else "[anonymous]"
    elif parts[0] == "Rss:":
        by_mapping[name] += int(parts[1])
hwm = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM"))
mib = lambda kib: f"{kib / 1024:.1f} MiB"
print(f"RSS {mib(rollup['Rss'])} (peak {mib(hwm)}): anonymous {mib(rollup['Anonymous'])}, "
      f"file-backed {mib(rollup['Rss'] - rollup['Anonymous'])} (the binary and its libraries)")
for mapping, kib in by_mapping.most_common(top):
    print(f"  {kib:6d} KiB  {mapping}")
PY
kill -TERM "$PID"; wait "$PID" || true
echo "machine: $(machine); $(date -u +%F)"
