#include "rules/nynorsk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/calendar.h"
#include "rules/model.h"

namespace fristvakt {
namespace {

namespace fs = std::filesystem;

// One bokmål text found in the sources, and where.
struct Message {
  std::string where;  // FILE:LINE
  std::string text;
};

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void SkipSpace(const std::string& s, size_t* pos) {
  while (*pos < s.size() && std::isspace(static_cast<unsigned char>(s[*pos]))) ++*pos;
}

// Reads one "..." literal at `pos` into `out`, its escapes resolved as the compiler does.
bool ReadLiteral(const std::string& s, size_t* pos, std::string* out) {
  if (*pos >= s.size() || s[*pos] != '"') return false;
  for (size_t i = *pos + 1; i < s.size(); ++i) {
    if (s[i] == '"') {
      *pos = i + 1;
      return true;
    }
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out->push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    if (e == 'n') {
      out->push_back('\n');
    } else if (e == 'r') {
      out->push_back('\r');
    } else if (e == 't') {
      out->push_back('\t');
    } else if (e == 'x') {
      std::string hex;
      while (i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
        hex.push_back(s[++i]);
      }
      out->push_back(static_cast<char>(std::stoi(hex, nullptr, 16)));
    } else {
      out->push_back(e);  // \" \\ \'
    }
  }
  return false;
}

// Reads adjacent literals ("a" "b" over several lines) as one text; false when none is there.
bool ReadLiterals(const std::string& s, size_t* pos, std::string* out) {
  SkipSpace(s, pos);
  bool any = false;
  while (ReadLiteral(s, pos, out)) {
    any = true;
    SkipSpace(s, pos);
  }
  return any;
}

// Moves past one argument and its comma; false when the call ends first.
bool SkipArgument(const std::string& s, size_t* pos) {
  int depth = 0;
  for (size_t& i = *pos; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      std::string ignored;
      ReadLiteral(s, &i, &ignored);
      --i;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth-- == 0) return false;
    } else if (c == ',' && depth == 0) {
      ++i;
      return true;
    }
  }
  return false;
}

// The bokmål literals of every call `name(arg, ..., "nb", ...)`: `skip` arguments come first,
// then `count` bokmål literals (Tr has one after the language, CountOf two after the number).
void FindCalls(const std::string& file, const std::string& s, const std::string& name, int skip,
               int count, std::vector<Message>* out) {
  const std::string call = name + "(";
  for (size_t at = s.find(call); at != std::string::npos; at = s.find(call, at + 1)) {
    if (at > 0 && IsIdentifierChar(s[at - 1])) continue;
    size_t pos = at + call.size();
    bool ok = true;
    for (int i = 0; i < skip && ok; ++i) ok = SkipArgument(s, &pos);
    for (int i = 0; i < count && ok; ++i) {
      std::string text;
      if (!ReadLiterals(s, &pos, &text)) break;  // not a literal: a parameter passed on
      const int line = 1 + static_cast<int>(std::count(s.begin(), s.begin() + at, '\n'));
      out->push_back({file + ":" + std::to_string(line), text});
      SkipSpace(s, &pos);
      ok = pos < s.size() && s[pos++] == ',';
    }
  }
}

std::vector<Message> BokmalMessages() {
  std::vector<Message> out;
  const fs::path root = FRISTVAKT_SOURCE_DIR;
  for (const char* dir : {"daemon", "db", "notifiers", "rules"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string file = fs::relative(entry.path(), root).string();
      FindCalls(file, text.str(), "Tr", 1, 1, &out);
      FindCalls(file, text.str(), "CountOf", 2, 2, &out);
    }
  }
  return out;
}

TEST(NynorskTest, EveryBokmalMessageInTheSourcesHasNynorsk) {
  const std::vector<Message> messages = BokmalMessages();
  // The scanner must keep finding the messages, or this test would pass on nothing.
  EXPECT_GT(messages.size(), 300u);
  std::string missing;
  for (const Message& m : messages) {
    if (Nynorsk(m.text) == nullptr) missing += "\n  " + m.where + ": \"" + m.text + "\"";
  }
  EXPECT_TRUE(missing.empty()) << "add these to rules/nynorsk.cc:" << missing;
}

TEST(NynorskTest, ScannerReadsJoinedLiteralsAndSkipsParameters) {
  std::vector<Message> found;
  FindCalls(
      "x.cc",
      "a = Tr(ctx.lang(), \"første \"\n   \"linje\\n\", \"first\");\n"
      "b = Tr(lang, nb, en);\nStatusTr(lang, \"not a call\", \"\");\n"
      "c = CountOf(lang, static_cast<int64_t>(f(1, 2)), \"varsel\", \"varsler\", \"n\", \"ns\");",
      "Tr", 1, 1, &found);
  FindCalls("x.cc",
            "c = CountOf(lang, static_cast<int64_t>(f(1, 2)), \"varsel\", \"varsler\", \"n\");",
            "CountOf", 2, 2, &found);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].text, "første linje\n");
  EXPECT_EQ(found[0].where, "x.cc:1");
  EXPECT_EQ(found[1].text, "varsel");
  EXPECT_EQ(found[2].text, "varsler");
}

TEST(NynorskTest, TrGivesNynorskAndFallsBackToBokmal) {
  EXPECT_EQ(Tr(Language::kNn, "Fremdrift", "Progress"), "Framdrift");
  EXPECT_EQ(Tr(Language::kNb, "Fremdrift", "Progress"), "Fremdrift");
  EXPECT_EQ(Tr(Language::kEn, "Fremdrift", "Progress"), "Progress");
  EXPECT_EQ(Tr(Language::kNn, "ikke i tabellen", "not in the table"), "ikke i tabellen");
  EXPECT_EQ(CountOf(Language::kNn, 2, "hendelse", "hendelser", "event", "events"), "2 hendingar");
  EXPECT_EQ(Quote(Language::kNn, "FH-2"), "«FH-2»");
  EXPECT_STREQ(LanguageCode(Language::kNn), "nn");
}

TEST(NynorskTest, StatusWordsAndWeekdaysInNynorsk) {
  EXPECT_EQ(MeasureStatusLabel(MeasureStatus::kPlanned, Language::kNn), "planlagd");
  EXPECT_EQ(MeasureStatusLabel(MeasureStatus::kInProgress, Language::kNn), "pågår");
  EXPECT_EQ(MeasureStatusLabel(MeasureStatus::kDone, Language::kNn), "fullført");
  EXPECT_EQ(MeasureStatusLabel(MeasureStatus::kCancelled, Language::kNn), "avbroten");
  EXPECT_EQ(ParseMeasureStatus("Planlagd"), MeasureStatus::kPlanned);
  EXPECT_EQ(ParseMeasureStatus("sett i gang"), MeasureStatus::kInProgress);
  EXPECT_EQ(ParseMeasureStatus("Avbroten"), MeasureStatus::kCancelled);
  EXPECT_EQ(ParseMeasureStatus("avbrote"), MeasureStatus::kCancelled);
  const Date monday = Date(date::year{2026} / 3 / 2);
  EXPECT_EQ(WeekdayName(monday, Language::kNn), "måndag");
  EXPECT_EQ(WeekdayName(monday + date::days(1), Language::kNn), "tysdag");
  EXPECT_EQ(WeekdayName(monday + date::days(5), Language::kNn), "laurdag");
  EXPECT_EQ(WeekdayName(monday + date::days(6), Language::kNb), "søndag");
  Calendar calendar{CalendarConfig{}};
  EXPECT_EQ(calendar.WhyClosed(monday + date::days(6), Language::kNn), "sundag");
}

}  // namespace
}  // namespace fristvakt
