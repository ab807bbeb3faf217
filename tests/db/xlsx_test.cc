#include "db/xlsx.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "db/export.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The workbooks come from tests/db/workbooks/make_workbooks.py (openpyxl, and by hand where
// openpyxl writes no such case), written once for all the tests.
class XlsxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::string command = "/usr/bin/python3 " + std::string(FRISTVAKT_SOURCE_DIR) +
                                "/tests/db/workbooks/make_workbooks.py " + dir_->path().string();
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  static void TearDownTestSuite() { delete dir_; }

  Worksheet Read(const std::string& name, const std::string& sheet = "") {
    Worksheet ws;
    Status s = ReadWorksheet(dir_->File(name), sheet, Language::kEn, &ws);
    EXPECT_TRUE(s.ok()) << s.message();
    return ws;
  }

  std::string Error(const std::string& name, const std::string& sheet = "") {
    Worksheet ws;
    Status s = ReadWorksheet(dir_->File(name), sheet, Language::kEn, &ws);
    EXPECT_EQ(s.code(), Status::Code::kBadInput);
    return s.message();
  }

  static testing::TempDir* dir_;
};

testing::TempDir* XlsxTest::dir_ = nullptr;

TEST_F(XlsxTest, ThePlanAsAPlanOwnerKeepsIt) {
  for (const char* file : {"plan.xlsx", "shared.xlsx"}) {
    Worksheet ws = Read(file);
    EXPECT_EQ(ws.name, "Tiltak");
    // The title row, then the header at row 3; the empty rows are left out.
    ASSERT_EQ(ws.rows.size(), 5u) << file;
    EXPECT_EQ(ws.rows[0].number, 1);
    EXPECT_THAT(ws.rows[0].cells, ElementsAre("Handlingsplan velferdsteknologi 2025–2027"));
    EXPECT_EQ(ws.rows[1].number, 3);
    EXPECT_THAT(ws.rows[1].cells, ElementsAre("Nr", "Ansvar", "Tiltak", "Satsningsområde", "Frist",
                                              "Status", "Fremdrift"));
    // A real date, and a fraction shown in per cent.
    EXPECT_THAT(ws.rows[2].cells, ElementsAre("DIG-1", "hbo", "Velferdsteknologi i hjemmetjenesten",
                                              "digitalisering", "2027-03-15", "pågår", "40"));
    // A date typed as text stays text for the plan reader to read.
    EXPECT_EQ(ws.rows[3].number, 6);
    EXPECT_EQ(ws.rows[3].cells[4], "15.03.2027");
    EXPECT_EQ(ws.rows[3].cells[6], "0");
    EXPECT_EQ(ws.rows[4].cells[4], "2027-01-02");
    EXPECT_EQ(ws.rows[4].cells[6], "100");
  }
}

TEST_F(XlsxTest, AnotherSheetByName) {
  Worksheet ws = Read("plan.xlsx", "Notater");
  ASSERT_EQ(ws.rows.size(), 1u);
  EXPECT_EQ(ws.rows[0].cells[0], "Ikke en plan");
  EXPECT_THAT(Error("plan.xlsx", "Ark9"), HasSubstr("no sheet 'Ark9'; it has 'Tiltak', 'Notater'"));
}

TEST_F(XlsxTest, InlineStringsRunsBooleansAndThe1904DateSystem) {
  Worksheet ws = Read("inline.xlsx");
  ASSERT_EQ(ws.rows.size(), 2u);
  EXPECT_THAT(ws.rows[0].cells, ElementsAre("Nr", "Frist"));
  EXPECT_THAT(ws.rows[1].cells, ElementsAre("X-1", "1904-01-01", "", "TRUE"));
}

TEST_F(XlsxTest, WhatIsNotAWorkbookIsSaidSo) {
  EXPECT_THAT(Error("csv.xlsx"), HasSubstr("is not an Excel workbook (.xlsx)"));
  EXPECT_THAT(Error("encrypted.xlsx"), HasSubstr("password-protected (encrypted) workbook"));
  EXPECT_THAT(Error("missing.xlsx"), HasSubstr("cannot open the file"));
}

TEST_F(XlsxTest, AZipBombAndEntityExpansionAreRefusedInBoundedTimeAndMemory) {
  EXPECT_THAT(Error("bomb.xlsx"), HasSubstr("MB unpacked"));
  EXPECT_THAT(Error("laughs.xlsx"), HasSubstr("document type (DTD)"));
}

TEST_F(XlsxTest, AnExportedWorkbookReadsBackAsItWasWritten) {
  Measure m;
  m.id = "DIG-1";
  m.focus_area = "digitalisering";
  m.title = "Velferdsteknologi <i hjemmet>";
  m.responsible = "hbo";
  m.deadline = date::sys_days(date::year{2027} / 3 / 15);
  m.status = MeasureStatus::kInProgress;
  m.progress = 40;
  m.updated_at = Timestamp(std::chrono::seconds(1796000000));
  m.comment = "Forsinket pga. anbudsprosess";
  const std::string path = dir_->File("export.xlsx");
  std::map<std::string, MeasureNotes> notes = {{"DIG-1", {"01.12.2026, hbo: svar", "", ""}}};
  ASSERT_TRUE(
      WriteWorkbook(path, {m}, notes, Language::kNb, date::locate_zone("Europe/Oslo")).ok());
  Worksheet ws = Read("export.xlsx");
  EXPECT_EQ(ws.name, "Tiltak");
  ASSERT_EQ(ws.rows.size(), 2u);
  EXPECT_EQ(ws.rows[0].cells[0], "Nr");
  EXPECT_EQ(ws.rows[0].cells[14], "Siste svar (fristvakt)");
  EXPECT_EQ(ws.rows[1].cells[2], "Velferdsteknologi <i hjemmet>");
  EXPECT_EQ(ws.rows[1].cells[4], "2027-03-15");
  EXPECT_EQ(ws.rows[1].cells[5], "pågår");
  EXPECT_EQ(ws.rows[1].cells[6], "40");
  EXPECT_EQ(ws.rows[1].cells[13], "Forsinket pga. anbudsprosess");
  EXPECT_EQ(ws.rows[1].cells[14], "01.12.2026, hbo: svar");
  // As Excel would show it: a frozen header, a filter, a date and a per cent format.
  const std::string check =
      "/usr/bin/python3 -c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; "
      "assert ws.freeze_panes=='A2', ws.freeze_panes; assert ws.auto_filter.ref.startswith('A1:'); "
      "assert ws['E2'].number_format=='dd.mm.yyyy'; assert ws['G2'].number_format=='0%'; "
      "assert ws['G2'].value==0.4\" " +
      path;
  EXPECT_EQ(std::system(check.c_str()), 0);
}

TEST(ColumnNames, AsExcelShowsThem) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(701), "ZZ");
  EXPECT_EQ(ColumnName(702), "AAA");
}

}  // namespace
}  // namespace fristvakt
