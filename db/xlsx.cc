#include "db/xlsx.h"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>

#include "rules/dates.h"
#include "rules/text.h"

namespace fristvakt {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// The part of a name after its namespace ("uri|local" from a namespace-aware parser).
std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  const size_t bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view local) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (Local(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

// Reads one XML part of the package through expat, chunk by chunk. A part over the limit, with
// a document type, or not well-formed is BadInput.
class PartReader {
 public:
  using Start = std::function<void(std::string_view, const XML_Char**)>;
  using End = std::function<void(std::string_view)>;
  using Text = std::function<void(std::string_view)>;

  PartReader(Start start, End end, Text text)
      : start_(std::move(start)), end_(std::move(end)), text_(std::move(text)) {}

  Status Read(zip_t* zip, const std::string& part, const std::string& file, Language lang,
              bool required) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip, part.c_str(), 0, &st) != 0) {
      if (!required) return Status::Ok();
      return Status::BadInput(
          file + ": " + Tr(lang, "arbeidsboka mangler delen ", "the workbook lacks its part ") +
          part);
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Status::BadInput(file + ": " +
                              Tr(lang, "arbeidsboka er kryptert", "the workbook is encrypted"));
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxWorkbookPart) {
      return TooLarge(file, part, lang);
    }
    zip_file_t* f = zip_fopen(zip, part.c_str(), 0);
    if (f == nullptr) {
      return Status::BadInput(file + ": " + Tr(lang, "kan ikke lese ", "cannot read ") + part);
    }
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS(nullptr, '|'), &XML_ParserFree);
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(
        parser.get(),
        [](void* self, const XML_Char* name, const XML_Char** attributes) {
          static_cast<PartReader*>(self)->start_(Local(name), attributes);
        },
        [](void* self, const XML_Char* name) {
          static_cast<PartReader*>(self)->end_(Local(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* self, const XML_Char* s, int n) {
      static_cast<PartReader*>(self)->text_(std::string_view(s, static_cast<size_t>(n)));
    });
    // Office Open XML never has a document type; one is where entity expansion would hide.
    XML_SetStartDoctypeDeclHandler(
        parser.get(), [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
          auto* reader = static_cast<PartReader*>(self);
          reader->doctype_ = true;
          XML_StopParser(reader->parser_, XML_FALSE);
        });
    parser_ = parser.get();
    char buffer[1 << 16];
    size_t total = 0;
    Status result = Status::Ok();
    for (;;) {
      const zip_int64_t n = zip_fread(f, buffer, sizeof buffer);
      if (n < 0) {
        result = Status::BadInput(file + ": " + Tr(lang, "kan ikke lese ", "cannot read ") + part);
        break;
      }
      total += static_cast<size_t>(n);
      if (total > kMaxWorkbookPart) {
        result = TooLarge(file, part, lang);
        break;
      }
      if (XML_Parse(parser.get(), buffer, static_cast<int>(n), n == 0) == XML_STATUS_ERROR ||
          stopped_) {
        if (doctype_) {
          result =
              Status::BadInput(file + ": " + part +
                               Tr(lang, " har en dokumenttype (DTD), som en arbeidsbok aldri har",
                                  " has a document type (DTD), which a workbook never has"));
        } else if (!stopped_) {
          result = Status::BadInput(file + ": " + part +
                                    Tr(lang, " er ikke gyldig XML: ", " is not valid XML: ") +
                                    XML_ErrorString(XML_GetErrorCode(parser.get())) +
                                    Tr(lang, " på linje ", " at line ") +
                                    std::to_string(XML_GetCurrentLineNumber(parser.get())));
        } else {
          result = stop_reason_;
        }
        break;
      }
      if (n == 0) break;
    }
    zip_fclose(f);
    return result;
  }

  // Ends the reading with `why` (from inside a handler).
  void Stop(Status why) {
    stopped_ = true;
    stop_reason_ = std::move(why);
    XML_StopParser(parser_, XML_FALSE);
  }

 private:
  static Status TooLarge(const std::string& file, const std::string& part, Language lang) {
    return Status::BadInput(
        file + ": " + part + Tr(lang, " er over ", " is over ") +
        std::to_string(kMaxWorkbookPart >> 20) +
        Tr(lang, " MB utpakket; er det en arbeidsbok?", " MB unpacked; is it a workbook?"));
  }

  Start start_;
  End end_;
  Text text_;
  XML_Parser parser_ = nullptr;
  bool doctype_ = false;
  bool stopped_ = false;
  Status stop_reason_ = Status::Ok();
};

// How a cell's number is to be read: as a date, a per cent, or a number.
enum class NumberKind { kNumber, kDate, kPercent };

NumberKind KindOfFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58)) {
    return NumberKind::kDate;
  }
  if (id == 9 || id == 10) return NumberKind::kPercent;
  // A format code's letters outside quotes, brackets and escapes.
  std::string plain;
  bool quoted = false;
  bool bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '[') {
      bracket = true;
    } else if (!quoted && c == ']') {
      bracket = false;
    } else if (!quoted && !bracket && c == '\\') {
      ++i;
    } else if (!quoted && !bracket) {
      plain.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (plain.find('%') != std::string::npos) return NumberKind::kPercent;
  if (plain.find('d') != std::string::npos || plain.find('y') != std::string::npos) {
    return NumberKind::kDate;
  }
  return NumberKind::kNumber;
}

std::string ShortestNumber(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(std::llround(v)));
  }
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

std::string NumberText(const std::string& raw, NumberKind kind, bool date1904) {
  double v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || end != raw.data() + raw.size() || !std::isfinite(v)) return raw;
  if (kind == NumberKind::kPercent) return ShortestNumber(v * 100);
  if (kind == NumberKind::kDate && v >= (date1904 ? 0 : 1) && v < 2958466) {  // to 9999-12-31
    const long days = static_cast<long>(std::floor(v));
    date::sys_days day;
    if (date1904) {
      day = date::sys_days(date::year{1904} / 1 / 1) + date::days(days);
    } else if (days < 61) {
      // Excel counts a 29 February 1900 that never was: before it, one day less to add.
      day = date::sys_days(date::year{1899} / 12 / 31) + date::days(days);
    } else {
      day = date::sys_days(date::year{1899} / 12 / 30) + date::days(days);
    }
    return FormatIsoDate(day);
  }
  return ShortestNumber(v);
}

// "D7" -> column 3; -1 for a reference without letters.
int ColumnOf(std::string_view ref) {
  int column = 0;
  size_t i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (column > 16384) return -1;
  }
  return i == 0 ? -1 : column - 1;
}

// What the file is when it is not a workbook, from its first bytes.
Status NotAWorkbook(const std::string& path, Language lang) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::BadInput(path + ": " + Tr(lang, "kan ikke åpne filen", "cannot open the file"));
  }
  char magic[8] = {};
  in.read(magic, sizeof magic);
  static const char kCompound[] = {'\xD0', '\xCF', '\x11', '\xE0', '\xA1', '\xB1', '\x1A', '\xE1'};
  if (in.gcount() == 8 && std::memcmp(magic, kCompound, 8) == 0) {
    return Status::BadInput(
        path + ": " +
        Tr(lang,
           "er en passordbeskyttet (kryptert) arbeidsbok eller en gammel .xls-fil; lagre den uten "
           "passord som Excel-arbeidsbok (.xlsx) eller som CSV",
           "is a password-protected (encrypted) workbook or an old .xls file; save it without a "
           "password as an Excel workbook (.xlsx) or as CSV"));
  }
  return Status::BadInput(path + ": " +
                          Tr(lang,
                             "er ikke en Excel-arbeidsbok (.xlsx); lagre planen som .xlsx "
                             "eller som CSV",
                             "is not an Excel workbook (.xlsx); save the plan as .xlsx or as CSV"));
}

}  // namespace

std::string ColumnName(size_t column) {
  std::string name;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

Status ReadWorksheet(const std::string& path, const std::string& sheet, Language lang,
                     Worksheet* out) {
  int error = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!zip) return NotAWorkbook(path, lang);

  // The sheets, in the workbook's order, and where their parts are.
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  bool date1904 = false;
  PartReader workbook(
      [&](std::string_view name, const XML_Char** a) {
        if (name == "sheet") {
          const XML_Char* n = Attribute(a, "name");
          const XML_Char* id = Attribute(a, "id");
          if (n != nullptr && id != nullptr) sheets.emplace_back(n, id);
        } else if (name == "workbookPr") {
          const XML_Char* d = Attribute(a, "date1904");
          date1904 = d != nullptr && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
        }
      },
      [](std::string_view) {}, [](std::string_view) {});
  if (zip_name_locate(zip.get(), "xl/workbook.xml", 0) < 0) return NotAWorkbook(path, lang);
  if (Status s = workbook.Read(zip.get(), "xl/workbook.xml", path, lang, true); !s.ok()) return s;
  if (sheets.empty()) {
    return Status::BadInput(path + ": " +
                            Tr(lang, "arbeidsboka har ingen ark", "the workbook has no worksheet"));
  }
  size_t chosen = 0;
  if (!sheet.empty()) {
    chosen = sheets.size();
    std::vector<std::string> names;
    for (size_t i = 0; i < sheets.size(); ++i) {
      names.push_back(sheets[i].first);
      if (sheets[i].first == sheet) chosen = i;
    }
    if (chosen == sheets.size()) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + Quote(lang, n);
      return Status::BadInput(
          path + ": " + Tr(lang, "arbeidsboka har ikke arket ", "the workbook has no sheet ") +
          Quote(lang, sheet) + Tr(lang, "; den har ", "; it has ") + list);
    }
  }
  out->name = sheets[chosen].first;

  std::map<std::string, std::string> targets;
  PartReader rels(
      [&](std::string_view name, const XML_Char** a) {
        if (name != "Relationship") return;
        const XML_Char* id = Attribute(a, "Id");
        const XML_Char* target = Attribute(a, "Target");
        if (id != nullptr && target != nullptr) targets[id] = target;
      },
      [](std::string_view) {}, [](std::string_view) {});
  if (Status s = rels.Read(zip.get(), "xl/_rels/workbook.xml.rels", path, lang, true); !s.ok()) {
    return s;
  }
  std::string part = targets[sheets[chosen].second];
  if (part.empty()) {
    return Status::BadInput(path + ": " + Tr(lang, "finner ikke arket ", "cannot find the sheet ") +
                            Quote(lang, out->name));
  }
  part = part.front() == '/' ? part.substr(1) : "xl/" + part;

  // Shared strings: the text of each <si>, its runs joined, phonetic runs left out.
  std::vector<std::string> strings;
  {
    std::string current;
    bool in_t = false;
    int phonetic = 0;
    PartReader reader(
        [&](std::string_view name, const XML_Char**) {
          if (name == "si") current.clear();
          if (name == "rPh") ++phonetic;
          if (name == "t") in_t = true;
        },
        [&](std::string_view name) {
          if (name == "t") in_t = false;
          if (name == "rPh") --phonetic;
          if (name == "si") strings.push_back(std::move(current));
        },
        [&](std::string_view text) {
          if (in_t && phonetic == 0) current.append(text);
        });
    if (Status s = reader.Read(zip.get(), "xl/sharedStrings.xml", path, lang, false); !s.ok()) {
      return s;
    }
  }

  // Styles: each cell format's number format, read as date, per cent or number.
  std::vector<NumberKind> styles;
  {
    std::map<int, std::string> codes;
    std::vector<int> format_ids;
    bool in_cell_xfs = false;
    PartReader reader(
        [&](std::string_view name, const XML_Char** a) {
          if (name == "numFmt") {
            const XML_Char* id = Attribute(a, "numFmtId");
            const XML_Char* code = Attribute(a, "formatCode");
            if (id != nullptr && code != nullptr) codes[std::atoi(id)] = code;
          } else if (name == "cellXfs") {
            in_cell_xfs = true;
          } else if (name == "xf" && in_cell_xfs) {
            const XML_Char* id = Attribute(a, "numFmtId");
            format_ids.push_back(id != nullptr ? std::atoi(id) : 0);
          }
        },
        [&](std::string_view name) {
          if (name == "cellXfs") in_cell_xfs = false;
        },
        [](std::string_view) {});
    if (Status s = reader.Read(zip.get(), "xl/styles.xml", path, lang, false); !s.ok()) return s;
    for (int id : format_ids) styles.push_back(KindOfFormat(id, codes[id]));
  }

  // The sheet's cells.
  size_t cells = 0;
  SheetRow row;
  int next_row = 1;
  int next_column = 0;
  struct Cell {
    int column = 0;
    std::string type;
    int style = 0;
    std::string value;
    bool in_value = false;
  } cell;
  bool in_cell = false;
  PartReader* self = nullptr;
  PartReader reader(
      [&](std::string_view name, const XML_Char** a) {
        if (name == "row") {
          const XML_Char* r = Attribute(a, "r");
          row = SheetRow{r != nullptr ? std::atoi(r) : next_row, {}};
          next_column = 0;
        } else if (name == "c") {
          in_cell = true;
          const XML_Char* ref = Attribute(a, "r");
          const XML_Char* type = Attribute(a, "t");
          const XML_Char* style = Attribute(a, "s");
          const int column = ref != nullptr ? ColumnOf(ref) : next_column;
          cell = Cell{column < 0 ? next_column : column, type != nullptr ? type : "n",
                      style != nullptr ? std::atoi(style) : 0, "", false};
          if (++cells > kMaxWorkbookCells) {
            self->Stop(Status::BadInput(
                path + ": " + Tr(lang, "arket har over ", "the sheet has over ") +
                std::to_string(kMaxWorkbookCells) + Tr(lang, " celler", " cells")));
          }
        } else if (in_cell && (name == "v" || name == "t")) {
          cell.in_value = true;
        }
      },
      [&](std::string_view name) {
        if (name == "v" || name == "t") {
          cell.in_value = false;
        } else if (name == "c") {
          in_cell = false;
          std::string text;
          if (cell.type == "s") {
            size_t index = 0;
            auto [end, ec] =
                std::from_chars(cell.value.data(), cell.value.data() + cell.value.size(), index);
            text = ec == std::errc() && index < strings.size() ? strings[index] : "";
          } else if (cell.type == "b") {
            text = cell.value == "1" ? "TRUE" : "FALSE";
          } else if (cell.type == "n") {
            const NumberKind kind =
                cell.style >= 0 && static_cast<size_t>(cell.style) < styles.size()
                    ? styles[static_cast<size_t>(cell.style)]
                    : NumberKind::kNumber;
            text = cell.value.empty() ? "" : NumberText(cell.value, kind, date1904);
          } else {  // inlineStr, str (a formula's text), e (an error such as #N/A)
            text = cell.value;
          }
          if (!text.empty()) {
            if (row.cells.size() <= static_cast<size_t>(cell.column)) {
              row.cells.resize(static_cast<size_t>(cell.column) + 1);
            }
            row.cells[static_cast<size_t>(cell.column)] = std::move(text);
          }
          next_column = cell.column + 1;
        } else if (name == "row") {
          next_row = row.number + 1;
          if (!row.cells.empty()) out->rows.push_back(std::move(row));
        }
      },
      [&](std::string_view text) {
        if (in_cell && cell.in_value) cell.value.append(text);
      });
  self = &reader;
  return reader.Read(zip.get(), part, path, lang, true);
}

}  // namespace fristvakt
