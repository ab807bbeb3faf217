#!/usr/bin/python3
"""Writes the workbooks the workbook reader's tests read, as Excel and other programs write
them: with openpyxl (Debian's python3-openpyxl), and by hand where openpyxl would not write a
case (inline strings, a 1904 date system, an encrypted file's header, a zip bomb, an XML part
with entities).

    make_workbooks.py FOLDER
"""
import datetime
import os
import sys
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font

folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)

# A plan as a plan owner keeps it: a merged title row, an empty row, then the header; dates as
# real dates and as text; progress as a fraction shown in per cent; an empty row in between.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Tiltak"
ws["A1"] = "Handlingsplan velferdsteknologi 2025–2027"
ws["A1"].font = Font(bold=True, size=14)
ws.merge_cells("A1:G1")
ws.append([])
ws.append(["Nr", "Ansvar", "Tiltak", "Satsningsområde", "Frist", "Status", "Fremdrift"])
ws.append(["DIG-1", "hbo", "Velferdsteknologi i hjemmetjenesten", "digitalisering",
           datetime.date(2027, 3, 15), "pågår", 0.4])
ws.append([])
ws.append(["DIG-2", "kff", "Digitaliseringsstrategi", "digitalisering", "15.03.2027",
           "planlagt", 0])
ws.append(["DIG-3", "hbo", "Tall som tekst og tall", "digitalisering",
           datetime.datetime(2027, 1, 2, 0, 0), "fullført", 1])
for row in ws.iter_rows(min_row=4, max_row=7):
    row[4].number_format = "dd.mm.yyyy"
    row[6].number_format = "0%"
ws.cell(row=6, column=7).number_format = "0%"
other = wb.create_sheet("Notater")
other["A1"] = "Ikke en plan"
wb.save(os.path.join(folder, "plan.xlsx"))


def rewrite(source, target, replace):
    """Copies a workbook, replacing parts: {name: bytes}."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = replace.get(item.filename, zin.read(item.filename))
            zout.writestr(item, data)


# The same plan as Excel writes it: every text in the shared strings part.
import re
with zipfile.ZipFile(os.path.join(folder, "plan.xlsx")) as z:
    plan_sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
texts = []


def to_shared(match):
    texts.append(match.group(2))
    return '<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(3) or "", len(texts) - 1)


shared_sheet = re.sub(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>',
                      lambda m: (texts.append(m.group(3)),
                                 '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), len(texts) - 1))[1],
                      plan_sheet)
sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(texts), len(texts)) +
       "".join("<si><t>%s</t></si>" % t for t in texts) + "</sst>")
rewrite(os.path.join(folder, "plan.xlsx"), os.path.join(folder, "shared.xlsx"),
        {"xl/worksheets/sheet1.xml": shared_sheet.encode("utf-8")})
with zipfile.ZipFile(os.path.join(folder, "shared.xlsx"), "a") as z:
    z.writestr("xl/sharedStrings.xml", sst.encode("utf-8"))

# Inline strings and a 1904 date system, as some other programs write them.
sheet = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Nr</t></is></c><c r="B1" t="inlineStr"><is><r><t>Fr</t></r><r><t>ist</t></r></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>X-1</t></is></c><c r="B3" s="1"><v>0</v></c><c r="D3" t="b"><v>1</v></c></row>
</sheetData></worksheet>"""
styles = b"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"""
with zipfile.ZipFile(os.path.join(folder, "plan.xlsx")) as z:
    workbook = z.read("xl/workbook.xml").replace(b"<workbookPr", b"<workbookPr date1904=\"1\"", 1)
    if b"date1904" not in workbook:
        workbook = workbook.replace(b"<sheets>", b"<workbookPr date1904=\"1\"/><sheets>", 1)
rewrite(os.path.join(folder, "plan.xlsx"), os.path.join(folder, "inline.xlsx"),
        {"xl/worksheets/sheet1.xml": sheet, "xl/styles.xml": styles, "xl/workbook.xml": workbook})

# Entities: a "billion laughs" in the shared strings.
laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>"""
rewrite(os.path.join(folder, "shared.xlsx"), os.path.join(folder, "laughs.xlsx"),
        {"xl/sharedStrings.xml": laughs})

# A zip bomb: a sheet part that unpacks to over the reader's limit (300 MB of spaces, which
# deflate to about 300 KB).
with zipfile.ZipFile(os.path.join(folder, "plan.xlsx")) as zin, \
        zipfile.ZipFile(os.path.join(folder, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        if item.filename == "xl/worksheets/sheet1.xml":
            with zout.open(item.filename, "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                chunk = b" " * (1 << 20)
                for _ in range(300):
                    f.write(chunk)
                f.write(b"</sheetData></worksheet>")
        else:
            zout.writestr(item, zin.read(item.filename))

# What is not a workbook: a CSV named .xlsx, and the header of an encrypted one (an OLE file).
with open(os.path.join(folder, "csv.xlsx"), "w", encoding="utf-8") as f:
    f.write("Nr;Ansvar\nA-1;hbo\n")
with open(os.path.join(folder, "encrypted.xlsx"), "wb") as f:
    f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 504)
