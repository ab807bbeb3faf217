#!/usr/bin/env bash
# Installs what is needed, builds fristvakt, and runs it on the bundled example (the HOV sector
# of Åsnes kommune) in ./demo, with the plan's dates moved to today.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2

rm -rf demo
cp -r examples demo
rm -f demo/fristvakt.db*
/usr/bin/python3 scripts/demo-plan.py examples/handlingsplan.csv demo/handlingsplan.csv
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
echo "== fristvakt list --due-within 14d"
fristvakt list --due-within 14d
echo
echo "== fristvakt simulate: what the daemon will send in the coming two weeks"
fristvakt simulate --from "$(date +%d.%m.%Y)" --to "$(date -d '+14 days' +%d.%m.%Y)" --format table
echo
echo "The demo's configuration, database and plan are in ./demo."
echo "Try: ./build/fristvakt --config demo/fristvakt.yaml show IS-3"
echo "     ./build/fristvakt --config demo/fristvakt.yaml explain K3-1"
