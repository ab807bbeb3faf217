#!/usr/bin/env bash
# Idle cost: the daemon on N measures whose deadlines are four months ahead, so nothing is due.
# Once it has logged "started on" and settled for 5 s, samples it for S seconds: CPU time of all
# threads (utime+stime from /proc/PID/stat, and the finer run time from each thread's schedstat)
# as a share of S, wake-ups (voluntary + involuntary context switches summed over
# /proc/PID/task/*/status), RSS and thread count. Usage: bench/idle.sh [N=10000] [S=60]
source "$(dirname "$0")/lib.sh"
N=${1:-10000}
S=${2:-60}
command -v bc >/dev/null || apt-get install -y -q --no-install-recommends bc >/dev/null
build_release
dir=$(work_dir idle)
write_config "$dir" "" "units: [{id: u, name: Enhet, email: [enhet@example.no]}]"
write_plan "$dir/plan.csv" "$N" u "$(date -d '+120 days' +%d.%m.%Y)"
"$BIN" --config "$dir/fristvakt.yaml" import "$dir/plan.csv" >/dev/null
"$BIN" --config "$dir/fristvakt.yaml" run 2>"$dir/daemon.log" &
PID=$!
trap 'kill -TERM "$PID" 2>/dev/null || true' EXIT
until grep -q "started on" "$dir/daemon.log"; do sleep 0.1; done
sleep 5

ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
run_ns() { cat /proc/"$PID"/task/*/schedstat | awk '{s += $1} END {printf "%d\n", s}'; }
switches() { cat /proc/"$PID"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'; }
log_lines() { wc -l < "$dir/daemon.log"; }

t0=$(ticks); n0=$(run_ns); w0=$(switches); l0=$(log_lines); s0=$(date +%s.%N)
sleep "$S"
t1=$(ticks); n1=$(run_ns); w1=$(switches); l1=$(log_lines); s1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
threads=$(ls "/proc/$PID/task" | wc -l)
next_due=$("$BIN" --config "$dir/fristvakt.yaml" status 2>&1 | grep -m1 "Neste planlagte\|Next due" || true)
kill -TERM "$PID"; wait "$PID" || true
trap - EXIT

wall=$(echo "$s1 - $s0" | bc)
hz=$(getconf CLK_TCK)
echo "$N measures, nothing due; sampled $(printf %.1f "$wall") s, from 5 s after the start:"
echo "  CPU (utime+stime): $((t1 - t0)) ticks of 1/$hz s = $(echo "scale=4; ($t1 - $t0) * 100 / $hz / $wall" | bc) %"
echo "  CPU (schedstat run time): $(( (n1 - n0) / 1000 )) µs = $(echo "scale=5; ($n1 - $n0) / 10000000 / $wall" | bc) %"
echo "  wake-ups (context switches, $threads threads): $((w1 - w0)) = $(echo "scale=3; ($w1 - $w0) / $wall" | bc) /s"
echo "  RSS $((rss / 1024)) MiB (peak $((hwm / 1024)) MiB); log lines written meanwhile: $((l1 - l0))"
[[ -n $next_due ]] && echo "  fristvakt status: $next_due"
echo "machine: $(machine); $(date -u +%F)"
