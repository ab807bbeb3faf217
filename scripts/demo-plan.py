#!/usr/bin/python3
"""Writes the bundled action plan with its dates moved to today.

The example plan is written as if today were Monday 02.03.2026. Every date in its Frist and
Oppdatert columns moves by the same number of days, so that whatever day the demo runs, some
measures are due in 14 days, some today, some overdue and some long overdue. The copy keeps
Excel's Norwegian format: Windows-1252, ';' and CRLF.
"""
import csv
import datetime
import io
import sys

PLAN_TODAY = datetime.date(2026, 3, 2)


def shift(text, days):
    text = text.strip()
    if not text:
        return text
    d = datetime.datetime.strptime(text, "%d.%m.%Y").date()
    return (d + datetime.timedelta(days=days)).strftime("%d.%m.%Y")


def main(source, target):
    days = (datetime.date.today() - PLAN_TODAY).days
    with open(source, encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = [h.strip().lower() for h in rows[0]]
    columns = [header.index("frist"), header.index("oppdatert")]
    for row in rows[1:]:
        for c in columns:
            row[c] = shift(row[c], days)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    with open(target, "w", encoding="cp1252", newline="") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
