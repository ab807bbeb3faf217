#include "db/plan_import.h"
#include "daemon/config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/csv.h"
#include "db/sqlite/sqlite_store.h"
#include "rules/config.h"
#include "testing/temp_dir.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

constexpr const char* kHeader =
    "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Fremdrift;Oppdatert;Kommentar\r\n";

// "Nr;Satsningsområde;..." as Excel writes it in Windows-1252.
std::string Cp1252Header() {
  std::string h = kHeader;
  size_t pos = h.find("\xC3\xA5");
  return h.replace(pos, 2, "\xE5");
}

Timestamp Now() { return *ParseTimestamp("2026-03-02T09:00:00+01:00", date::locate_zone("UTC")); }

class PlanImportTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    Diagnostics diag;
    LoadConfig(testing::WriteSmallConfig(dir_), ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    ASSERT_TRUE(database_.Open(&store_).ok());
  }

  PlanContext Context() const {
    return {&config_.rules, &config_.directory, config_.timezone, Language::kNb};
  }

  // Reads the plan; returns the diagnostics as text.
  std::string Read(const std::string& name, const std::string& bytes, PlanFile* plan) {
    Diagnostics diag;
    ReadPlan(dir_.Write(name, bytes), Context(), plan, &diag);
    return diag.ToString();
  }

  ImportSummary Import(const std::string& name, const std::string& bytes, Timestamp now = Now()) {
    PlanFile plan;
    std::string problems = Read(name, bytes, &plan);
    EXPECT_EQ(problems, "");
    ImportSummary summary;
    EXPECT_TRUE(ApplyPlan(plan, name, now, false, store_.get(), &summary).ok());
    return summary;
  }

  int EventCount() {
    std::vector<Event> events;
    EXPECT_TRUE(store_->EventsAfter(0, 1000000, &events).ok());
    return static_cast<int>(events.size());
  }

  std::optional<Measure> Get(const std::string& id) {
    std::optional<Measure> m;
    EXPECT_TRUE(store_->GetMeasure(id, &m).ok());
    return m;
  }

  TempDir dir_;
  Config config_;
  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(PlanImportTest, Windows1252FromExcelIsDetectedAndConverted) {
  std::string csv = std::string(kHeader) +
                    "FH-1;Folkehelse;Mestringskurs for ungdom;Helse og familie;16.03.2026;"
                    "P\xE5g\xE5r;40 %;24.02.2026;\r\n";
  PlanFile plan;
  // The header itself is Windows-1252 too.
  std::string bytes = Cp1252Header() + csv.substr(csv.find("\r\n") + 2);
  EXPECT_EQ(Read("plan.csv", bytes, &plan), "");
  EXPECT_EQ(plan.encoding, "Windows-1252");
  ASSERT_EQ(plan.rows.size(), 1u);
  const Measure& m = plan.rows[0].measure;
  EXPECT_EQ(m.focus_area, "folkehelse");
  EXPECT_EQ(m.responsible, "helse-familie");
  EXPECT_EQ(m.status, MeasureStatus::kInProgress);
  EXPECT_EQ(m.progress, 40);
  EXPECT_TRUE(plan.rows[0].has_updated_at);
}

TEST_P(PlanImportTest, Utf8WithByteOrderMarkAndCommaSeparator) {
  PlanFile plan;
  EXPECT_EQ(Read("plan.csv",
                 "\xEF\xBB\xBFid,focus_area,title,responsible,deadline,status,progress\n"
                 "DIG-1,digitalisering,\"Ta i bruk e-helse, nasjonale løsninger\",hbo,"
                 "2026-06-30,planned,\n",
                 &plan),
            "");
  EXPECT_EQ(plan.encoding, "UTF-8");
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].measure.title, "Ta i bruk e-helse, nasjonale løsninger");
  EXPECT_EQ(plan.rows[0].measure.progress, 0);
  EXPECT_FALSE(plan.rows[0].has_updated_at);
}

TEST_P(PlanImportTest, QuotedLineBreaksAndNamesWithoutRegardToCase) {
  PlanFile plan;
  EXPECT_EQ(Read("plan.csv",
                 std::string(kHeader) + "K-1;DIGITALISERING;\"To\r\nlinjer; og \"\"sitat\"\"\";"
                                        "HJEMMEBASERT OMSORG;1.4.2026;FULLFØRT;100%;;\r\n"
                                        ";;;;;;;;\r\n"
                                        "K-2;folkehelse;Neste;kff;2026-04-01;;;;\r\n",
                 &plan),
            "");
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(plan.rows[0].measure.title, "To\nlinjer; og \"sitat\"");
  EXPECT_EQ(plan.rows[0].measure.responsible, "hbo");
  EXPECT_EQ(plan.rows[0].measure.status, MeasureStatus::kDone);
  EXPECT_EQ(plan.rows[1].line, 5);
  EXPECT_EQ(plan.rows[1].measure.status, MeasureStatus::kPlanned);
}

TEST_P(PlanImportTest, EveryProblemIsReportedWithItsLine) {
  PlanFile plan;
  std::string out = Read("bad.csv",
                         std::string(kHeader) +
                             "A-1;Folkehelse;Ok;hbo;01.03.2026;planlagt;0;;\r\n"
                             "A-2;Folkehelse;Ukjent enhet;brannvesenet;01.03.2026;;;;\r\n"
                             "A-3;Idrett;Ukjent område;hbo;01.03.2026;;;;\r\n"
                             "A-4;Folkehelse;Umulig dato;hbo;31.02.2027;;;;\r\n"
                             "A-1;Folkehelse;Dobbel nr;hbo;01.03.2026;;;;\r\n"
                             "A-5;Folkehelse;For mye;hbo;01.03.2026;;120 %;;\r\n"
                             "A-6;Folkehelse;;hbo;01.03.2026;;;;\r\n"
                             "A-7;Folkehelse;Rar status;hbo;01.03.2026;kanskje;;;\r\n"
                             "A-8;Folkehelse;Rar tid;hbo;01.03.2026;;;i går;\r\n"
                             "A/9;Folkehelse;Skråstrek;hbo;01.03.2026;;;;\r\n",
                         &plan);
  std::string file = dir_.File("bad.csv");
  EXPECT_THAT(out, HasSubstr(file + ":3: ukjent enhet «brannvesenet»"));
  EXPECT_THAT(out, HasSubstr(file + ":4: ukjent satsningsområde «Idrett»"));
  EXPECT_THAT(out, HasSubstr(file + ":5: ugyldig dato «31.02.2027» i frist"));
  EXPECT_THAT(out, HasSubstr(file + ":6: nr «A-1» står også på linje 2"));
  EXPECT_THAT(out, HasSubstr(file + ":7: fremdrift «120 %» må være et helt tall fra 0 til 100"));
  EXPECT_THAT(out, HasSubstr(file + ":8: mangler tiltak"));
  EXPECT_THAT(out, HasSubstr(file + ":9: ukjent status «kanskje»"));
  EXPECT_THAT(out, HasSubstr(file + ":10: ugyldig dato «i går» i oppdatert"));
  EXPECT_THAT(out, HasSubstr(file + ":11: nr «A/9» kan ikke inneholde / eller linjeskift"));
  EXPECT_TRUE(plan.rows.empty());
}

TEST_P(PlanImportTest, MissingColumnsAreReportedOnTheHeader) {
  PlanFile plan;
  std::string out = Read("cols.csv", "Nr;Tiltak;Ansvar;Farge\r\nA;B;hbo;blå\r\n", &plan);
  std::string file = dir_.File("cols.csv");
  EXPECT_THAT(out, HasSubstr(file + ":1: warning: ukjent kolonne «Farge» blir ikke lest"));
  EXPECT_THAT(out, HasSubstr(file + ":1: mangler kolonnen «satsningsområde»"));
  EXPECT_THAT(out, HasSubstr(file + ":1: mangler kolonnen «frist»"));
}

TEST_P(PlanImportTest, UnclosedQuoteIsAnError) {
  PlanFile plan;
  std::string out =
      Read("q.csv", std::string(kHeader) + "A;Folkehelse;\"open;hbo;01.03.2026\r\n", &plan);
  EXPECT_THAT(out, HasSubstr(dir_.File("q.csv") + ":2: et felt i anførselstegn er ikke avsluttet"));
}

TEST_P(PlanImportTest, RowCutOffOrWithFieldsTooManyIsAnError) {
  PlanFile plan;
  std::string out = Read("cut.csv",
                         std::string(kHeader) +
                             "A-1;Folkehelse;Ok;hbo;01.03.2026;planlagt;0;;\r\n"
                             "A-2;Folkehelse;Forskjøvet;hbo;01.03.2026;;;;;ekstra\r\n"
                             "A-3;Folkehelse;Tomme felt til slutt er greit;hbo;01.03.2026;;;;;;\r\n"
                             "A-4;Folkehelse;Kuttet;hbo",
                         &plan);
  std::string file = dir_.File("cut.csv");
  EXPECT_THAT(out, HasSubstr(file + ":3: raden har 10 felt, overskriften 9"));
  EXPECT_THAT(out, HasSubstr(file + ":5: raden har 4 felt, overskriften 9"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr(file + ":4:")));
}

TEST_P(PlanImportTest, FieldOverTenThousandCharactersIsAnError) {
  PlanFile plan;
  std::string out = Read("long.csv",
                         std::string(kHeader) + "A-1;Folkehelse;" + std::string(10001, 'x') +
                             ";hbo;01.03.2026;;;;\r\n",
                         &plan);
  EXPECT_THAT(out, HasSubstr(dir_.File("long.csv") + ":2: et felt har over 10 000 tegn"));
}

TEST_P(PlanImportTest, NulOrByteOrderMarkInsideTheFileIsAnError) {
  PlanFile plan;
  std::string nul = std::string(kHeader) + "A-1;Folkehelse;Ok;hbo;01.03.2026;;;;\r\nA-2;F";
  nul += '\0';
  nul += ";x;hbo;01.03.2026;;;;\r\n";
  EXPECT_THAT(Read("nul.csv", nul, &plan),
              HasSubstr(dir_.File("nul.csv") + ":3: filen har et NUL"));
  std::string glued = "\xEF\xBB\xBF" + std::string(kHeader) + "\xEF\xBB\xBF" + kHeader;
  EXPECT_THAT(Read("glued.csv", glued, &plan),
              HasSubstr(dir_.File("glued.csv") + ":2: et byte order mark (BOM) midt i filen"));
}

TEST_P(PlanImportTest, APlanLargerThanOnePieceIsReadWhole) {
  // Windows-1252 shows only in the last row, far past the first 64 KiB that are read at once.
  std::string csv = kHeader;
  for (int i = 1; i <= 3000; ++i) {
    csv += "L-" + std::to_string(i) + ";Folkehelse;\"Kurs nummer " + std::to_string(i) +
           ";\r\nmed linjeskift\";hbo;16.03.2026;;;;\r\n";
  }
  csv += "L-3001;Folkehelse;P\xE5 slutten;hbo;16.03.2026;p\xE5g\xE5r;;;\r\n";
  PlanFile plan;
  ASSERT_EQ(Read("large.csv", Cp1252Header() + csv.substr(csv.find("\r\n") + 2), &plan), "");
  EXPECT_EQ(plan.encoding, "Windows-1252");
  ASSERT_EQ(plan.rows.size(), 3001u);
  EXPECT_EQ(plan.rows[2999].measure.title, "Kurs nummer 3000;\nmed linjeskift");
  EXPECT_EQ(plan.rows[2999].line, 2 + 2 * 2999);
  EXPECT_EQ(plan.rows[3000].measure.title, "På slutten");
  EXPECT_EQ(plan.rows[3000].measure.status, MeasureStatus::kInProgress);
  // A bad row far in is reported with its line, and then nothing is kept.
  csv += "L-3002;Folkehelse;Kort;hbo\r\n";
  std::string out = Read("bad.csv", Cp1252Header() + csv.substr(csv.find("\r\n") + 2), &plan);
  EXPECT_EQ(out, dir_.File("bad.csv") + ":6003: raden har 4 felt, overskriften 9\n");
  EXPECT_TRUE(plan.rows.empty());
}

TEST_P(PlanImportTest, DuplicateFieldInAYamlPlanIsAnError) {
  PlanFile plan;
  std::string out = Read("dup.yaml", R"(measures:
  - id: BER-1
    focus_area: folkehelse
    title: Revidere beredskapsplanen
    responsible: kff
    deadline: 2026-09-01
    frist: 2026-10-01
)",
                         &plan);
  EXPECT_THAT(out, HasSubstr(dir_.File("dup.yaml") + ":7:5: feltet «frist» står to ganger"));
}

TEST_P(PlanImportTest, ReimportingTheSameFileChangesNothing) {
  std::string csv = std::string(kHeader) +
                    "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;40;;\r\n"
                    "FH-2;Folkehelse;Oversikt;kff;01.02.2026;planlagt;0;12.01.2026;\r\n";
  ImportSummary first = Import("plan.csv", csv);
  EXPECT_EQ(first.created, 2);
  int events = EventCount();
  Timestamp updated = Get("FH-1")->updated_at;
  EXPECT_EQ(updated, Now());
  ImportSummary second = Import("plan.csv", csv, Now() + std::chrono::hours(24));
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.changed, 0);
  EXPECT_EQ(second.unchanged, 2);
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(Get("FH-1")->updated_at, updated);
}

TEST_P(PlanImportTest, MovedDeadlineRecordsDeadlineMovedWithReasonImport) {
  Import("plan.csv", std::string(kHeader) +
                         "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;40;;\r\n"
                         "FH-2;Folkehelse;Annet;hbo;16.03.2026;pågår;40;;\r\n");
  Timestamp later = Now() + std::chrono::hours(48);
  ImportSummary s =
      Import("plan.csv",
             std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;30.04.2026;pågår;50;;\r\n", later);
  EXPECT_EQ(s.changed, 1);
  EXPECT_EQ(s.untouched, 1);
  std::vector<Event> events;
  ASSERT_TRUE(store_->EventsFor("FH-1", &events).ok());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].kind, "deadline_moved");
  EXPECT_EQ(events[1].data["old"], "2026-03-16");
  EXPECT_EQ(events[1].data["new"], "2026-04-30");
  EXPECT_EQ(events[1].data["reason"], "import");
  EXPECT_EQ(events[2].kind, "updated");
  EXPECT_EQ(Get("FH-1")->updated_at, later);
  EXPECT_EQ(Get("FH-2")->deadline, date::sys_days(date::year{2026} / 3 / 16));
}

TEST_P(PlanImportTest, DryRunWritesNothing) {
  PlanFile plan;
  ASSERT_EQ(
      Read("plan.csv", std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;;;;\r\n", &plan),
      "");
  ImportSummary summary;
  ASSERT_TRUE(ApplyPlan(plan, "plan.csv", Now(), true, store_.get(), &summary).ok());
  EXPECT_EQ(summary.created, 1);
  EXPECT_FALSE(Get("FH-1"));
  EXPECT_EQ(EventCount(), 0);
}

TEST_P(PlanImportTest, YamlPlanHoldsTheSameFields) {
  PlanFile plan;
  std::string out = Read("plan.yaml", R"(measures:
  - id: BER-1
    focus_area: Digitalisering
    title: Revidere beredskapsplanen
    responsible: kff
    deadline: 2026-09-01
    status: no
    progress: 10%
    tags: [beredskap, revisjon]
  - id: BER-2
    satsningsområde: folkehelse
    tiltak: Øvelse
    ansvar: hbo
    frist: 01.10.2026
    farge: rød
)",
                         &plan);
  std::string file = dir_.File("plan.yaml");
  EXPECT_THAT(out, HasSubstr(file + ":7: ukjent status «no»"));
  EXPECT_THAT(out, HasSubstr(file + ":15:5: ukjent felt «farge»"));
  out = Read("ok.yaml", R"(measures:
  - id: BER-1
    focus_area: Digitalisering
    title: Revidere beredskapsplanen
    responsible: kff
    deadline: 2026-09-01
    progress: 10%
    tags: [beredskap, revisjon]
)",
             &plan);
  EXPECT_EQ(out, "");
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].measure.tags, (std::vector<std::string>{"beredskap", "revisjon"}));
  EXPECT_EQ(plan.rows[0].measure.progress, 10);
}

INSTANTIATE_TEST_SUITE_P(Stores, PlanImportTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
