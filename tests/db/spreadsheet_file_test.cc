#include "db/spreadsheet_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "db/csv.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using testing::TempDir;

// More than one piece of the file (pieces are 64 KiB).
std::string Filler(size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += "FH-1;Folkehelse;Kurs;hbo;16.03.2026\r\n";
  return out;
}

std::string Text(SpreadsheetFile& file) {
  std::string text;
  EXPECT_TRUE(file.ReadText([&](std::string_view piece) { text += piece; }));
  return text;
}

// What DecodeSpreadsheetText makes of the same bytes at once.
void ExpectAsWhole(const TempDir& dir, const std::string& bytes) {
  SpreadsheetFile file;
  ASSERT_TRUE(file.Open(dir.Write("plan.csv", bytes)));
  std::string text;
  std::string encoding;
  ASSERT_TRUE(DecodeSpreadsheetText(bytes, &text, &encoding));
  EXPECT_EQ(file.encoding(), encoding);
  EXPECT_EQ(Text(file), text);
  EXPECT_EQ(file.separator(), DetectSeparator(text));
}

TEST(SpreadsheetFileTest, AByteNotUtf8FarIntoTheFileMakesAllOfItWindows1252) {
  TempDir dir;
  std::string bytes =
      "\xEF\xBB\xBFNr;Tiltak\r\nA;P\xC3\xA5g\xC3\xA5r\r\n" + Filler(200000) + "B;P\xE5g\xE5r\r\n";
  ExpectAsWhole(dir, bytes);
  SpreadsheetFile file;
  ASSERT_TRUE(file.Open(dir.File("plan.csv")));
  EXPECT_EQ(file.encoding(), "Windows-1252");
}

TEST(SpreadsheetFileTest, AUtf8SequenceCutBetweenTwoPiecesIsStillUtf8) {
  TempDir dir;
  for (size_t shift = 0; shift < 4; ++shift) {
    std::string bytes = "Nr,Tiltak\n" + Filler(65536 - 10 - 1 - shift);
    bytes.resize(65536 - 1 - shift);
    bytes += "\xF0\x9F\x98\x80 og \xC3\xA5\n";  // a four-byte and a two-byte sequence
    ExpectAsWhole(dir, bytes);
    SpreadsheetFile file;
    ASSERT_TRUE(file.Open(dir.File("plan.csv")));
    EXPECT_EQ(file.encoding(), "UTF-8") << shift;
    EXPECT_EQ(file.separator(), ',');
  }
}

TEST(SpreadsheetFileTest, ASequenceCutOffByTheEndOfTheFileIsNotUtf8) {
  TempDir dir;
  ExpectAsWhole(dir, "Nr;Tiltak\nA;B\xC3");
}

TEST(SpreadsheetFileTest, FindsNulAndByteOrderMarkWithTheirLines) {
  TempDir dir;
  std::string filler = Filler(70000);
  const int lines = static_cast<int>(std::count(filler.begin(), filler.end(), '\n'));
  SpreadsheetFile nul;
  ASSERT_TRUE(nul.Open(dir.Write("nul.csv", filler + "A;B" + std::string(1, '\0') + "\n")));
  EXPECT_EQ(nul.nul_line(), lines + 1);
  EXPECT_EQ(nul.bom_line(), 0);
  // A mark cut between two pieces, and one that starts the file (which is allowed).
  for (size_t at = 65534; at <= 65536; ++at) {
    std::string bytes = "\xEF\xBB\xBF" + Filler(at);
    bytes.resize(at);
    bytes += "\xEF\xBB\xBF;x\n";
    SpreadsheetFile bom;
    ASSERT_TRUE(bom.Open(dir.Write("bom.csv", bytes)));
    EXPECT_EQ(bom.bom_line(), 1 + std::count(bytes.begin(), bytes.end() - 6, '\n')) << at;
    EXPECT_EQ(bom.nul_line(), 0);
  }
  SpreadsheetFile clean;
  ASSERT_TRUE(clean.Open(dir.Write("clean.csv", "\xEF\xBB\xBF" + filler)));
  EXPECT_EQ(clean.bom_line(), 0);
  EXPECT_EQ(Text(clean), filler);
}

TEST(SpreadsheetFileTest, Utf16IsRecognised) {
  TempDir dir;
  SpreadsheetFile file;
  ASSERT_TRUE(file.Open(dir.Write("u16.csv", std::string("\xFF\xFEN\0r\0", 6))));
  EXPECT_TRUE(file.utf16());
}

TEST(SpreadsheetFileTest, APipeIsReadOnceIntoMemory) {
  TempDir dir;
  const std::string fifo = dir.File("plan.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string bytes = "Nr;Tiltak\r\n" + Filler(100000) + "B;P\xE5g\xE5r\r\n";
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  SpreadsheetFile file;
  ASSERT_TRUE(file.Open(fifo));
  writer.join();
  EXPECT_EQ(file.encoding(), "Windows-1252");
  std::string text;
  std::string encoding;
  ASSERT_TRUE(DecodeSpreadsheetText(bytes, &text, &encoding));
  EXPECT_EQ(Text(file), text);
}

TEST(SpreadsheetFileTest, AMissingFileCannotBeOpened) {
  TempDir dir;
  SpreadsheetFile file;
  EXPECT_FALSE(file.Open(dir.File("finnes-ikke.csv")));
}

}  // namespace
}  // namespace fristvakt
