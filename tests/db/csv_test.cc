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
