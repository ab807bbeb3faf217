// Import merged with the units' answers (docs/configuration.md, "The file and the units both
// write"), through the real binary as an operator runs it.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/process.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

const std::string kSource = FRISTVAKT_SOURCE_DIR;
constexpr const char* kHeader = "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Fremdrift;Kommentar";
constexpr const char* kMonday = "2026-03-02T09:00:00+01:00";
constexpr const char* kTuesday = "2026-03-03T10:00:00+01:00";
constexpr const char* kWednesday = "2026-03-04T09:00:00+01:00";

// The bundled example's configuration, with a database of its own.
class ImportMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(kSource + "/examples", dir_.path(),
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove(dir_.File("fristvakt.db"));
  }

  ProcessResult Run(std::vector<std::string> args, const char* now = kMonday) {
    args.insert(args.begin(), {FRISTVAKT_BINARY, "--config", dir_.File("fristvakt.yaml")});
    return RunProcess(args, {std::string("FRISTVAKT_NOW=") + now});
  }

  // A plan of these rows under kHeader, as plan.csv; returns its path.
  std::string Plan(const std::vector<std::string>& rows) {
    std::string csv = std::string(kHeader) + "\r\n";
    for (const std::string& row : rows) csv += row + "\r\n";
    return dir_.Write("plan.csv", csv);
  }

  int EventCount() {
    ProcessResult r = RunProcess({"/usr/bin/python3", "-c",
                                  "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                                  ".execute('SELECT count(*) FROM events').fetchone()[0])",
                                  dir_.File("fristvakt.db")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::stoi(r.out);
  }

  TempDir dir_;
};

constexpr const char* kFh1 =
    "FH-1;Folkehelse;Mestringskurs;psykisk-helse-rus;16.03.2026;pågår;40 %;";
constexpr const char* kFh2 = "FH-2;Folkehelse;Oversiktsdokument;kff;01.06.2026;planlagt;0;";

TEST_F(ImportMergeTest, ReimportingTheUnchangedPlanKeepsTheUnitsAnswer) {
  const std::string plan = Plan({kFh1, kFh2});
  ASSERT_EQ(Run({"import", plan}).exit_code, 0);
  ProcessResult answer = Run({"set", "FH-1", "--status", "fullført", "--progress", "80"}, kTuesday);
  ASSERT_EQ(answer.exit_code, 0) << answer.err;
  const int events = EventCount();
  ProcessResult again = Run({"import", plan}, kWednesday);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err, "");
  EXPECT_THAT(again.out, HasSubstr("0 nye, 0 endret, 2 uendret."));
  EXPECT_THAT(Run({"show", "FH-1"}).out, HasSubstr("fullført, 80 %"));
  EXPECT_EQ(EventCount(), events);
}

TEST_F(ImportMergeTest, AConflictIsAWarningThatNamesBothValuesAndWhoSetTheStoredOne) {
  ASSERT_EQ(Run({"import", Plan({kFh1, kFh2})}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-1", "--status", "avbrutt"}, kTuesday).exit_code, 0);
  const std::string plan =
      Plan({"FH-1;Folkehelse;Mestringskurs;psykisk-helse-rus;16.03.2026;fullført;40 %;", kFh2});
  ProcessResult r = Run({"import", plan}, kWednesday);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(plan + ":2: status: forrige import hadde «pågår», filen har nå "
                                      "«fullført» og databasen «avbrutt», satt av kommandolinjen "
                                      "03.03.2026 10:00; databasens verdi står"));
  EXPECT_THAT(r.out, HasSubstr("0 endret, 2 uendret, 1 konflikt (se over)."));
  EXPECT_THAT(Run({"show", "FH-1"}).out, HasSubstr("avbrutt, 40 %"));
}

TEST_F(ImportMergeTest, PreferFileTakesTheFilesValue) {
  ASSERT_EQ(Run({"import", Plan({kFh1, kFh2})}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-1", "--status", "avbrutt"}, kTuesday).exit_code, 0);
  const std::string plan =
      Plan({"FH-1;Folkehelse;Mestringskurs;psykisk-helse-rus;16.03.2026;fullført;40 %;", kFh2});
  ProcessResult r = Run({"import", "--prefer-file", plan}, kWednesday);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(plan + ":2: status: "));
  EXPECT_THAT(r.err, HasSubstr("filens verdi tas (--prefer-file)"));
  EXPECT_THAT(r.out, HasSubstr("1 endret, 1 uendret, 1 konflikt"));
  ProcessResult show = Run({"show", "FH-1"});
  EXPECT_THAT(show.out, HasSubstr("fullført, 40 %"));
  EXPECT_THAT(show.out, HasSubstr("status avbrutt → fullført  [import]"));
}

TEST_F(ImportMergeTest, DryRunPrintsEveryChangeFieldByFieldAndEveryConflict) {
  ASSERT_EQ(Run({"import", Plan({kFh1, kFh2})}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-2", "--comment", "Venter på tall fra FHI"}, kTuesday).exit_code, 0);
  const std::string plan =
      Plan({"FH-1;Folkehelse;Mestringskurs;psykisk-helse-rus;30.04.2026;pågår;50 %;",
            "FH-2;Folkehelse;Oversiktsdokument;kff;01.06.2026;planlagt;0;Tallene er kommet",
            "FH-9;Kompetanse;Veiledning av nyansatte;hbo;01.09.2026;;;"});
  const std::string before = Run({"export", "--format", "json"}).out;
  ProcessResult r = Run({"import", "--dry-run", plan}, kWednesday);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Prøvekjøring, ingenting er lagret.\n"
                               "Endres: FH-1 (linje 2)\n"
                               "  frist: 16.03.2026 → 30.04.2026\n"
                               "  fremdrift: 40 % → 50 %\n"
                               "  oppdatert: 02.03.2026 09:00 → 04.03.2026 09:00\n"
                               "Nytt tiltak FH-9 (linje 4): Veiledning av nyansatte\n"));
  EXPECT_THAT(r.out, HasSubstr("1 nye, 1 endret, 1 uendret, 1 konflikt"));
  EXPECT_THAT(r.out, Not(HasSubstr("Endres: FH-2")));
  EXPECT_THAT(r.err, HasSubstr(plan + ":3: kommentar: forrige import hadde (tom), filen har nå "
                                      "«Tallene er kommet» og databasen «Venter på tall fra FHI», "
                                      "satt av kommandolinjen 03.03.2026 10:00"));
  EXPECT_EQ(Run({"export", "--format", "json"}).out, before);
  // Nothing was saved, the bases neither: the real import finds the same.
  ProcessResult real = Run({"import", plan}, kWednesday);
  EXPECT_THAT(real.out, HasSubstr("1 nye, 1 endret, 1 uendret, 1 konflikt"));
}

TEST_F(ImportMergeTest, DeadlineMovedByTheFileIsRecordedWithReasonImport) {
  ASSERT_EQ(Run({"import", Plan({kFh1, kFh2})}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-1", "--progress", "70"}, kTuesday).exit_code, 0);
  ProcessResult r =
      Run({"import",
           Plan({"FH-1;Folkehelse;Mestringskurs;psykisk-helse-rus;30.04.2026;pågår;40 %;", kFh2})},
          kWednesday);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ProcessResult show = Run({"show", "FH-1"});
  EXPECT_THAT(show.out, HasSubstr("frist flyttet 16.03.2026 → 30.04.2026: import  [import]"));
  EXPECT_THAT(show.out, HasSubstr("30.04.2026"));
  EXPECT_THAT(show.out, HasSubstr("pågår, 70 %"));  // the unit's progress, not the file's 40
}

TEST_F(ImportMergeTest, ExportEditImportBringsExactlyTheEdit) {
  ASSERT_EQ(Run({"import", kSource + "/examples/handlingsplan.csv"}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-1", "--status", "fullført", "--progress", "100"}, kTuesday).exit_code,
            0);
  const auto before = nlohmann::json::parse(Run({"export", "--format", "json"}).out);

  // Exported and imported again as it is: nothing changes, no event.
  const std::string exported = Run({"export"}).out;
  const std::string csv = dir_.Write("eksport.csv", exported);
  int events = EventCount();
  ProcessResult same = Run({"import", csv}, kWednesday);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.err, "");
  EXPECT_THAT(same.out, HasSubstr("0 nye, 0 endret, 34 uendret."));
  EXPECT_EQ(EventCount(), events);

  // One field of one row edited, as in Excel: exactly that change arrives.
  const std::string title =
      "Oppdatere oversiktsdokumentet over helsetilstand og påvirkningsfaktorer";
  std::string edited = exported;
  const size_t at = edited.find(title);
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, title.size(), "Nytt oversiktsdokument");
  ProcessResult r = Run({"import", dir_.Write("redigert.csv", edited)}, kWednesday);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("0 nye, 1 endret, 33 uendret."));
  EXPECT_EQ(EventCount(), events + 2);  // FH-2's `updated` and the import's `imported`
  const auto after = nlohmann::json::parse(Run({"export", "--format", "json"}).out);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    if (before[i]["id"] != "FH-2") {
      EXPECT_EQ(after[i], before[i]) << before[i]["id"];
      continue;
    }
    nlohmann::json expected = before[i];
    expected["title"] = "Nytt oversiktsdokument";
    expected["updated_at"] = "2026-03-04T09:00:00+01:00";
    EXPECT_EQ(after[i], expected);
  }
  EXPECT_THAT(Run({"show", "FH-1"}).out, HasSubstr("fullført, 100 %"));
}

}  // namespace
}  // namespace fristvakt

namespace fristvakt {
namespace {

// The workbook as it is (docs/configuration.md, "Action plans"): exported, edited in a
// spreadsheet program (openpyxl stands in for Excel: a title row above the header, a per cent
// typed as a fraction, a date typed as text), and imported through the merge.
TEST_F(ImportMergeTest, WorkbookExportEditImportBringsExactlyTheEdits) {
  ASSERT_EQ(Run({"import", kSource + "/examples/handlingsplan.csv"}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-1", "--comment", "Godt i gang"}, kTuesday).exit_code, 0);
  const std::string book = dir_.File("plan.xlsx");
  ProcessResult exported = Run({"export", "--format", "xlsx", "--output", book});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  // Exported and imported again as it is: nothing changes.
  int events = EventCount();
  ProcessResult same = Run({"import", book}, kWednesday);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.err, "");
  EXPECT_THAT(same.out, HasSubstr("0 nye, 0 endret, 34 uendret."));
  EXPECT_EQ(EventCount(), events);

  // Edited as a plan owner would.
  ProcessResult edit =
      RunProcess({"/usr/bin/python3", "-c",
                  "import openpyxl, sys\n"
                  "wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active\n"
                  "ws.insert_rows(1, 2); ws['A1'] = 'Handlingsplan HOV 2026'\n"
                  "rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}\n"
                  "ws.cell(row=rows['FH-2'], column=7).value = 0.55\n"
                  "ws.cell(row=rows['FH-2'], column=5).value = '15.03.2027'\n"
                  "wb.save(sys.argv[2])\n",
                  book, dir_.File("redigert.xlsx")});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  ProcessResult dry = Run({"import", "--dry-run", dir_.File("redigert.xlsx")}, kWednesday);
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("fremdrift: 60 % → 55 %"));
  EXPECT_THAT(dry.out, HasSubstr("frist: 01.02.2026 → 15.03.2027"));
  EXPECT_THAT(dry.out, HasSubstr("0 nye, 1 endret, 33 uendret."));
  ProcessResult r = Run({"import", dir_.File("redigert.xlsx")}, kWednesday);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string shown = Run({"show", "FH-1"}, kWednesday).out;
  EXPECT_THAT(shown, HasSubstr("Godt i gang"));  // the answer stands
}

TEST_F(ImportMergeTest, WorkbookProblemsAreNamedByTheirCellAndWhatIsNoWorkbookSaysSo) {
  const std::string book = dir_.File("feil.xlsx");
  ProcessResult make =
      RunProcess({"/usr/bin/python3", "-c",
                  "import openpyxl, sys\n"
                  "wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Tiltak'\n"
                  "ws.append(['Nr', 'Ansvar', 'Tiltak', 'Satsningsområde', 'Frist', 'Status'])\n"
                  "ws.append(['X-1', 'hbo', 'Et tiltak', 'folkehelse', '31.02.2027', 'avbrot'])\n"
                  "wb.save(sys.argv[1])\n",
                  book});
  ASSERT_EQ(make.exit_code, 0) << make.err;
  ProcessResult r = Run({"import", book});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(book + ":Tiltak!E2: ugyldig dato «31.02.2027»"));
  EXPECT_THAT(r.err, HasSubstr(book + ":Tiltak!F2: ukjent status «avbrot»"));
  EXPECT_THAT(Run({"import", "--sheet", "Ark2", book}).err,
              HasSubstr("arbeidsboka har ikke arket «Ark2»; den har «Tiltak»"));
  const std::string csv = dir_.Write("plan.xlsx", "Nr;Ansvar\nA-1;hbo\n");
  ProcessResult not_book = Run({"import", csv});
  EXPECT_EQ(not_book.exit_code, 1);
  EXPECT_THAT(not_book.err, HasSubstr("er ikke en Excel-arbeidsbok (.xlsx)"));
}

}  // namespace
}  // namespace fristvakt
