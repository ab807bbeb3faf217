#!/usr/bin/env bash
# Import memory: a plan of N measures with long descriptions, in Windows-1252 as Norwegian Excel
# saves it (about 50 MB at the default N), with the bundled example's units and focus areas.
# Imports it into a fresh database, again into the filled one (nothing changes), and as a dry
# run into a fresh database; reports each run's peak RSS and wall time (/usr/bin/time -v),
# beside the file's size and the bytes of text its measures hold.
# Usage: bench/import_memory.sh [N=19000]
source "$(dirname "$0")/lib.sh"
N=${1:-19000}
[[ -x /usr/bin/time ]] || apt-get install -y -q --no-install-recommends time >/dev/null
build_release
dir=$(work_dir import-memory)
cp -r "$ROOT/examples/rules" "$ROOT/examples/units.yaml" "$ROOT/examples/fristvakt.yaml" "$dir/"

# Rows like the example's: every unit and area by name or id, long descriptions with æøå,
# quoted fields with separators and line breaks, dates and progress written as people do.
text_bytes=$(/usr/bin/python3 - "$dir/plan.csv" "$N" <<'PY'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
units = ["kff", "Legetjenesten", "Åsnes omsorgstjeneste", "hbo", "Psykisk helse og rus",
         "Virksomhet for tilpassede tjenester", "helse-familie", "NAV Åsnes",
         "Solør barneverntjeneste"]
areas = ["Folkehelse", "Kommune 3.0", "digitalisering", "Internt samarbeid", "Kompetanse"]
status = ["Planlagt", "Pågår", "Igangsatt", "Fullført", "Avbrutt", ""]
words = ("tiltak oppfølging brukere pårørende frivillige kurs opplæring velferdsteknologi "
         "hjemmetjenesten sykehjemmet fastlegen samarbeid kartlegging evaluering ledergruppa "
         "møteplass ernæring søvn mestring helsestasjonen ungdom eldre rådgivning digitalt "
         "tilsyn medisindispenser årshjul kvalitet avvik læring ståstedsanalyse økonomi").split()
def sentence(k):
    return " ".join(rnd.choice(words) for _ in range(k)).capitalize() + "."
total = 0
with open(path, "w", encoding="cp1252", newline="") as f:
    f.write("Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Fremdrift;Oppdatert;Handlingsplan;"
            "Prioritet;Beskrivelse;Kommentar;Stikkord\r\n")
    for i in range(n):
        title = sentence(8)[:-1]
        desc = " ".join(sentence(rnd.randint(8, 20)) for _ in range(rnd.randint(14, 22)))
        if i % 7 == 0:
            desc = desc[:400] + ";\r\n" + desc[400:]
        comment = sentence(rnd.randint(3, 12)) if i % 3 == 0 else ""
        fields = [f"M-{i}", areas[i % 5], title, units[i % 9],
                  f"{rnd.randint(1, 28)}.{rnd.randint(1, 12)}.{rnd.choice([2026, 2027])}",
                  status[i % 6], f"{rnd.randint(0, 100)} %", f"{rnd.randint(1, 28):02}.02.2026",
                  "Handlingsplan folkehelse 2025–2027", rnd.choice(["Høy", "Middels", "Lav"]),
                  desc, comment, "velferdsteknologi" if i % 4 == 0 else ""]
        total += sum(len(x.encode()) for x in fields)
        f.write(";".join('"' + x.replace('"', '""') + '"' if any(c in x for c in ';"\r\n') else x
                         for x in fields) + "\r\n")
print(total)
PY
)

run() {  # run NAME ARGS...: one import under /usr/bin/time
  local name=$1
  shift
  /usr/bin/time -v "$BIN" --config "$dir/fristvakt.yaml" import "$@" "$dir/plan.csv" \
    >"$dir/$name.out" 2>"$dir/$name.time"
  local rss wall
  rss=$(awk '/Maximum resident set size/ {print $6}' "$dir/$name.time")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $8}' "$dir/$name.time")
  printf '  %-22s peak RSS %4d MiB, %s wall; %s\n' "$name:" $((rss / 1024)) "$wall" \
    "$(tail -1 "$dir/$name.out" | sed -E 's/.*(tiltak lest|measures read): //; s/\. .*//')"
}

echo "plan: $N measures, $(( $(stat -c %s "$dir/plan.csv") / 1024 / 1024 )) MiB as Windows-1252;" \
  "the measures' text $((text_bytes / 1024 / 1024)) MiB as UTF-8"
run "fresh import"
run "same file again"
rm -f "$dir"/fristvakt.db*
run "dry run, fresh database" --dry-run
echo "machine: $(machine); $(date -u +%F)"
