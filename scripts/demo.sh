#!/usr/bin/env bash
# Installs what is needed, builds fristvakt, and runs it on the bundled example (the HOV sector
# of Åsnes kommune) in ./demo: the plan's dates moved to today, the daemon run for a while, and
# the mail it wrote into demo/spool shown.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2

rm -rf demo
cp -r examples demo
rm -rf demo/fristvakt.db* demo/spool
/usr/bin/python3 scripts/demo-plan.py examples/handlingsplan.csv demo/handlingsplan.csv
# The real configuration sends on working days 08:00-16:00. So that the demo shows notices
# whenever it is run, its copy sends round the clock, every day.
/usr/bin/python3 - demo/fristvakt.yaml <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"calendar:\n(?:  .*\n)+", "calendar:\n  holidays: none\n"
              "  workdays: [mon, tue, wed, thu, fri, sat, sun]\n"
              "  send_time: \"00:00\"\n  send_until: \"23:59\"\n", text)
# The answer pages on loopback: notices carry links the operator can open.
text += "api:\n  listen: 127.0.0.1:8470\npublic_url: http://127.0.0.1:8470\n"
open(path, "w", encoding="utf-8").write(text)
PY
fristvakt() { ./build/fristvakt --config demo/fristvakt.yaml "$@"; }

echo "== fristvakt check --plan demo/handlingsplan.csv"
fristvakt check --plan demo/handlingsplan.csv
echo
echo "== fristvakt import demo/handlingsplan.csv"
fristvakt import demo/handlingsplan.csv
echo
echo "== fristvakt list --overdue"
fristvakt list --overdue
echo
echo "== fristvakt run (for 8 seconds)"
timeout -s TERM 8 ./build/fristvakt --config demo/fristvakt.yaml run || true
echo
echo "== what the daemon wrote into demo/spool"
ls demo/spool | sed 's/%2F/\//g'
echo
echo "== one of them, an escalation to the leadership group, as its plain-text part"
/usr/bin/python3 - demo/spool <<'PY'
import email, email.policy, os, sys
folder = sys.argv[1]
names = sorted(n for n in os.listdir(folder) if "eskalering" in n) or sorted(os.listdir(folder))
with open(os.path.join(folder, names[0]), "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
print("Subject:", m["Subject"])
print("To:", m["To"])
print()
print(m.get_body(("plain",)).get_content())
PY
echo "== a unit's answer link, from one of the overdue notices"
link=$(/usr/bin/python3 - demo/spool <<'PY'
import email, email.policy, os, re, sys
folder = sys.argv[1]
for name in sorted(n for n in os.listdir(folder) if "forsinket" in n) + sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    found = re.search(r"http://\S+/svar/\S+", m.get_body(("plain",)).get_content())
    if found:
        print(found.group(0))
        break
PY
)
echo "$link"
if [[ -t 0 && -n "$link" ]]; then
  echo
  echo "The daemon serves the answer page on 127.0.0.1:8470 now. Open the link above in a"
  echo "browser on this machine (or forward the port: ssh -L 8470:127.0.0.1:8470 ...), answer,"
  echo "then see the answer with: ./build/fristvakt --config demo/fristvakt.yaml show ID"
  ./build/fristvakt --config demo/fristvakt.yaml --log-level warn run &
  daemon=$!
  read -r -p "Press Enter to stop the daemon. "
  kill -TERM "$daemon"; wait "$daemon" || true
fi
echo
echo "The demo's configuration, database, plan and spooled mail are in ./demo."
echo "Try: ./build/fristvakt --config demo/fristvakt.yaml show IS-3"
echo "     ./build/fristvakt --config demo/fristvakt.yaml explain K3-1"
echo "     ./build/fristvakt --config demo/fristvakt.yaml simulate --from $(date +%d.%m.%Y) --to $(date -d '+14 days' +%d.%m.%Y) --format table"
