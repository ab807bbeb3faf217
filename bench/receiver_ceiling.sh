#!/usr/bin/env bash
# What the benchmarks' receiver takes on this machine, with no daemon at all: wrk (Debian's)
# POSTs a JSON body of fristvakt's size (1,004 bytes; its webhooks in dispatch_webhook.sh are
# 1,003-1,030) to the same nginx (lib.sh's start_nginx: 2 workers, answering 204), for
# SECONDS with C connections each, every request on a kept-alive connection. The rate it reports
# is an upper bound for any sender sharing this machine with nginx: wrk spends less CPU per
# request than a sender that also renders and records each notice. Each count of connections runs
# RUNS times. Then libcurl alone (bench/curl_ceiling.cc, built here): 50,000 such POSTs with 16
# in flight through one multi handle on one thread, with a new easy handle per request (as
# fristvakt makes them) and with each handle kept for the next, RUNS times each, with its CPU time.
# Usage: bench/receiver_ceiling.sh [SECONDS=5] [RUNS=3] [CONNECTIONS="16 64"]
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-5}
RUNS=${2:-3}
CONNECTIONS=${3:-16 64}
command -v nginx >/dev/null || apt-get install -y -q --no-install-recommends nginx >/dev/null
command -v wrk >/dev/null || apt-get install -y -q --no-install-recommends wrk >/dev/null
[[ -x /usr/bin/time ]] || apt-get install -y -q --no-install-recommends time >/dev/null
PORT=18965
dir=$(work_dir ceiling)
start_nginx "$dir" "$PORT"
trap 'kill "$NGINX_PID" 2>/dev/null || true' EXIT
# A body of 1,004 bytes: a JSON object with one padded text.
printf -v pad '%*s' 980 ''
body="{\"schema\":\"x\",\"text\":\"${pad// /x}\"}"
cat > "$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA
echo "body: ${#body} bytes"
for c in $CONNECTIONS; do
  for run in $(seq "$RUNS"); do
    wrk -t 1 -c "$c" -d "${SECONDS_EACH}s" -s "$dir/post.lua" "http://127.0.0.1:$PORT/hook" \
      > "$dir/wrk.out"
    rate=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.out")
    other=$(awk '/Non-2xx/ {print ", " $NF " answered other than 2xx"}' "$dir/wrk.out")
    echo "connections $c, run $run: $rate requests/s$other"
  done
done
command -v g++ >/dev/null || apt-get install -y -q --no-install-recommends g++ >/dev/null
echo '#include <curl/curl.h>' | g++ -E -x c++ - >/dev/null 2>&1 ||
  apt-get install -y -q --no-install-recommends libcurl4-openssl-dev >/dev/null
g++ -O2 -std=c++20 -o "$dir/curl_ceiling" "$(dirname "$0")/curl_ceiling.cc" -lcurl
for reuse in 0 1; do
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "CPU %U s user + %S s system" -o "$dir/time" \
      "$dir/curl_ceiling" "http://127.0.0.1:$PORT/hook" 50000 16 "$reuse" > "$dir/out" || true
    echo "libcurl alone, easy handles $( ((reuse)) && echo kept || echo new), run $run: $(cat "$dir/out"), $(cat "$dir/time")"
  done
done
echo "machine: $(machine); $(date -u +%F)"
