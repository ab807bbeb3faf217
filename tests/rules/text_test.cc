#include "rules/text.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

TEST(TextTest, FoldCaseLowersNorwegianLetters) {
  EXPECT_EQ(FoldCase("SATSNINGSOMRÅDE"), "satsningsområde");
  EXPECT_EQ(FoldCase("ÆØÅ æøå"), "æøå æøå");
  EXPECT_EQ(FoldCase("Åsnes Omsorgstjeneste"), "åsnes omsorgstjeneste");
}

TEST(TextTest, Cp1252BecomesUtf8) {
  EXPECT_EQ(Cp1252ToUtf8("P\xE5g\xE5r"), "Pågår");
  EXPECT_EQ(Cp1252ToUtf8("\xC6\xD8\xC5"), "ÆØÅ");
  EXPECT_EQ(Cp1252ToUtf8("2025\x96"
                         "2027"),
            "2025–2027");  // en dash
  EXPECT_EQ(Cp1252ToUtf8("\x80"), "€");
}

TEST(TextTest, RecognisesUtf8) {
  EXPECT_TRUE(IsValidUtf8("Pågår – æøå"));
  EXPECT_FALSE(IsValidUtf8("P\xE5g\xE5r"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // overlong '/'
}

TEST(TextTest, EllipsizeCountsCodePoints) {
  EXPECT_EQ(Ellipsize("Kompetanse", 20), "Kompetanse");
  EXPECT_EQ(Ellipsize("Æøåæøåæøå", 5), "Æøåæ…");
  EXPECT_EQ(Ellipsize("linje\nto", 20), "linje to");
}

TEST(TextTest, NaturalOrderSortsNumbersByValue) {
  EXPECT_TRUE(NaturalLess("FH-2", "FH-10"));
  EXPECT_FALSE(NaturalLess("FH-10", "FH-2"));
  EXPECT_TRUE(NaturalLess("DIG-1", "FH-1"));
  EXPECT_FALSE(NaturalLess("FH-1", "FH-1"));
}

TEST(TextTest, SplitListTrimsAndDropsEmptyParts) {
  EXPECT_EQ(SplitList(" beredskap, ,velferdsteknologi ", ','),
            (std::vector<std::string>{"beredskap", "velferdsteknologi"}));
}

}  // namespace
}  // namespace fristvakt
