#include "db/csv.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

std::vector<CsvRecord> Parse(std::string_view text, char sep = ';') {
  std::vector<CsvRecord> out;
  std::string error;
  int line = 0;
  EXPECT_TRUE(ParseCsv(text, sep, &out, &error, &line)) << error;
  return out;
}

TEST(CsvTest, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  auto records =
      Parse("a;b;c\r\n1;\"x;y\";\"sa \"\"hei\"\"\"\r\n2;\"linje 1\r\nlinje 2\";z\r\n3;;\r\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "x;y", "sa \"hei\""}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"2", "linje 1\nlinje 2", "z"}));
  EXPECT_EQ(records[3].fields, (std::vector<std::string>{"3", "", ""}));
}

TEST(CsvTest, RecordsKnowTheLineTheyStartOn) {
  auto records = Parse("h\n\"to\nlinjer\"\nneste\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvTest, LastLineWithoutLineBreak) {
  auto records = Parse("a;b\n1;2");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2"}));
}

TEST(CsvTest, UnclosedQuoteIsReportedWithItsLine) {
  std::vector<CsvRecord> out;
  std::string error;
  int line = 0;
  EXPECT_FALSE(ParseCsv("a;b\n1;2\n3;\"open\n\n", ';', &out, &error, &line));
  EXPECT_EQ(line, 3);
}

// Every way of cutting the text into pieces gives the records of the whole.
TEST(CsvTest, ReaderGivesTheSameRecordsWhereverThePiecesEnd) {
  const std::string text =
      "a;b;c\r\n1;\"x;y\";\"sa \"\"hei\"\"\"\r\n2;\"linje 1\r\nlinje 2\";z\r\r\n\n"
      "3;\"\"\"\";x\"y\r\n\"end\"";
  const std::vector<CsvRecord> whole = Parse(text);
  auto same = [&](const std::vector<CsvRecord>& got) {
    ASSERT_EQ(got.size(), whole.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].line, whole[i].line) << i;
      EXPECT_EQ(got[i].fields, whole[i].fields) << i;
    }
  };
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    std::vector<CsvRecord> got;
    CsvReader reader(';', [&](CsvRecord&& r) { got.push_back(std::move(r)); });
    reader.Feed(std::string_view(text).substr(0, cut));
    reader.Feed(std::string_view(text).substr(cut));
    int line = 0;
    ASSERT_TRUE(reader.Finish(&line)) << cut;
    SCOPED_TRACE(cut);
    same(got);
  }
  std::vector<CsvRecord> got;
  CsvReader reader(';', [&](CsvRecord&& r) { got.push_back(std::move(r)); });
  for (char c : text) reader.Feed(std::string_view(&c, 1));
  int line = 0;
  ASSERT_TRUE(reader.Finish(&line));
  same(got);
}

TEST(CsvTest, ReaderReportsAQuoteLeftOpenAtTheEnd) {
  std::vector<CsvRecord> got;
  CsvReader reader(';', [&](CsvRecord&& r) { got.push_back(std::move(r)); });
  reader.Feed("a;b\n1;2\n3;\"op");
  reader.Feed("en\n\n");
  int line = 0;
  EXPECT_FALSE(reader.Finish(&line));
  EXPECT_EQ(line, 3);
  EXPECT_EQ(got.size(), 2u);
}

TEST(CsvTest, SeparatorDetectorReadsTheFirstRecordInPieces) {
  SeparatorDetector d;
  d.Feed("id,tit");
  d.Feed("le,\"a;b\"\n1;2;3;4");
  EXPECT_EQ(d.separator(), ',');
}

TEST(CsvTest, SeparatorFollowsTheHeader) {
  EXPECT_EQ(DetectSeparator("Nr;Tiltak;Frist\r\n"), ';');
  EXPECT_EQ(DetectSeparator("id,title,deadline\n1;2"), ',');
  EXPECT_EQ(DetectSeparator("\"a,b\";c\n"), ';');
}

TEST(CsvTest, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain", ';'), "plain");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvField("a,b", ';'), "a,b");
  EXPECT_EQ(CsvField("si \"hei\"", ';'), "\"si \"\"hei\"\"\"");
  EXPECT_EQ(CsvField("to\nlinjer", ';'), "\"to\nlinjer\"");
}

TEST(CsvTest, DecodesEveryEncodingExcelWrites) {
  std::string text;
  std::string encoding;
  ASSERT_TRUE(DecodeSpreadsheetText("\xEF\xBB\xBFP\xC3\xA5g\xC3\xA5r", &text, &encoding));
  EXPECT_EQ(text, "Pågår");
  EXPECT_EQ(encoding, "UTF-8");
  ASSERT_TRUE(DecodeSpreadsheetText("P\xE5g\xE5r", &text, &encoding));
  EXPECT_EQ(text, "Pågår");
  EXPECT_EQ(encoding, "Windows-1252");
  EXPECT_FALSE(DecodeSpreadsheetText("\xFF\xFEN\0", &text, &encoding));
}

}  // namespace
}  // namespace fristvakt
