// The three-way merge of an import with the units' answers (docs/configuration.md, "The file
// and the units both write"), through ReadPlan and ApplyPlan on an in-memory store.
#include "db/plan_merge.h"
#include "db/plan_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config/config_file.h"
#include "db/measure_changes.h"
#include "db/sqlite/schema.h"
#include "db/sqlite/sqlite_store.h"
#include "rules/config.h"
#include "testing/temp_dir.h"
#include "testing/test_store.h"

namespace fristvakt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempDir;

constexpr const char* kHeader =
    "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Fremdrift;Kommentar\r\n";
constexpr const char* kRow = "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;40;\r\n";

Timestamp At(const char* iso) { return *ParseTimestamp(iso, date::locate_zone("UTC")); }
const Timestamp kFirst = At("2026-03-02T09:00:00+01:00");
const Timestamp kAnswered = At("2026-03-03T10:00:00+01:00");
const Timestamp kSecond = At("2026-03-04T09:00:00+01:00");

class PlanMergeTest : public ::testing::TestWithParam<testing::StoreKind> {
 protected:
  void SetUp() override {
    Diagnostics diag;
    LoadConfig(testing::WriteSmallConfig(dir_), ProcessEnvironment(), &config_, &diag);
    ASSERT_FALSE(diag.has_errors()) << diag.ToString();
    ASSERT_TRUE(database_.Open(&store_).ok());
  }

  // Reads and applies `csv`; returns the report.
  ImportReport Import(const std::string& csv, Timestamp now, ImportOptions options = {}) {
    Diagnostics diag;
    PlanFile plan;
    ReadPlan(dir_.Write("plan.csv", csv),
             {&config_.rules, &config_.directory, config_.timezone, options.language}, &plan,
             &diag);
    EXPECT_FALSE(diag.has_errors()) << diag.ToString();
    options.zone = config_.timezone;
    ImportReport report;
    EXPECT_TRUE(ApplyPlan(plan, "plan.csv", now, options, store_.get(), &report).ok());
    return report;
  }

  // A unit answers through its API token.
  void Answer(const MeasureChange& change, const std::string& actor = "api:hbo-teams") {
    int events = 0;
    ASSERT_TRUE(
        ChangeMeasure(store_.get(), "FH-1", change, actor, kAnswered, Language::kNb, &events).ok());
    ASSERT_GT(events, 0);
  }

  Measure Get(const std::string& id = "FH-1") {
    std::optional<Measure> m;
    EXPECT_TRUE(store_->GetMeasure(id, &m).ok());
    return m.value_or(Measure{});
  }

  std::vector<Event> Events(const std::string& id = "FH-1") {
    std::vector<Event> events;
    EXPECT_TRUE(store_->EventsFor(id, &events).ok());
    return events;
  }

  int AllEvents() {
    std::vector<Event> events;
    EXPECT_TRUE(store_->EventsAfter(0, 1000000, &events).ok());
    return static_cast<int>(events.size());
  }

  TempDir dir_;
  Config config_;
  testing::TestDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
};

TEST_P(PlanMergeTest, UnchangedFileKeepsTheUnitsAnswerAndRecordsNothing) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"fullført", "80", std::nullopt, std::nullopt, std::nullopt});
  const int events = AllEvents();
  ImportReport again = Import(std::string(kHeader) + kRow, kSecond);
  EXPECT_EQ(again.summary.changed, 0);
  EXPECT_EQ(again.summary.unchanged, 1);
  EXPECT_TRUE(again.conflicts.empty());
  EXPECT_EQ(Get().status, MeasureStatus::kDone);
  EXPECT_EQ(Get().progress, 80);
  EXPECT_EQ(Get().updated_at, kAnswered);
  EXPECT_EQ(AllEvents(), events);
}

TEST_P(PlanMergeTest, FieldOnlyTheFileChangedIsTakenBesideTheUnitsAnswer) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"fullført", "80", std::nullopt, std::nullopt, std::nullopt});
  ImportReport r = Import(
      std::string(kHeader) + "FH-1;Folkehelse;Kurs for unge;hbo;16.03.2026;pågår;40;\r\n", kSecond);
  EXPECT_EQ(r.summary.changed, 1);
  EXPECT_TRUE(r.conflicts.empty());
  const Measure m = Get();
  EXPECT_EQ(m.title, "Kurs for unge");
  EXPECT_EQ(m.status, MeasureStatus::kDone);
  EXPECT_EQ(m.progress, 80);
  EXPECT_EQ(m.updated_at, kSecond);
  const std::vector<Event> events = Events();
  const Event& last = events.back();
  EXPECT_EQ(last.kind, "updated");
  EXPECT_EQ(last.actor, "import");
  EXPECT_EQ(last.data["changes"].size(), 1u);
  EXPECT_TRUE(last.data["changes"].contains("title"));
}

TEST_P(PlanMergeTest, DeadlineMovedByTheFileRecordsDeadlineMovedWithReasonImport) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({std::nullopt, "60", std::nullopt, std::nullopt, std::nullopt});
  Import(std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;30.04.2026;pågår;40;\r\n", kSecond);
  EXPECT_EQ(Get().deadline, date::sys_days(date::year{2026} / 4 / 30));
  EXPECT_EQ(Get().progress, 60);
  const std::vector<Event> events = Events();
  const Event& moved = events.back();
  EXPECT_EQ(moved.kind, "deadline_moved");
  EXPECT_EQ(moved.data["old"], "2026-03-16");
  EXPECT_EQ(moved.data["new"], "2026-04-30");
  EXPECT_EQ(moved.data["reason"], "import");
  EXPECT_EQ(moved.actor, "import");
}

TEST_P(PlanMergeTest, BothChangedDifferentlyKeepsTheStoredValueAndSaysWhoSetIt) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"avbrutt", std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  const int events = AllEvents();
  ImportReport r = Import(
      std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;fullført;40;\r\n", kSecond);
  EXPECT_EQ(Get().status, MeasureStatus::kCancelled);
  EXPECT_EQ(r.summary.conflicts, 1);
  EXPECT_EQ(r.summary.unchanged, 1);
  EXPECT_EQ(AllEvents(), events);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(ConflictMessage(r.conflicts[0], "plan.csv", Language::kNb),
            "plan.csv:2: status: forrige import hadde «pågår», filen har nå «fullført» og "
            "databasen «avbrutt», satt av API-nøkkelen «hbo-teams» 03.03.2026 10:00; databasens "
            "verdi står (--prefer-file tar filens)");
  // The file's value is now the base: importing it again is quiet.
  ImportReport again =
      Import(std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;fullført;40;\r\n",
             kSecond + std::chrono::hours(1));
  EXPECT_TRUE(again.conflicts.empty());
  EXPECT_EQ(Get().status, MeasureStatus::kCancelled);
}

TEST_P(PlanMergeTest, ConflictInEnglishNamesTheCommandLine) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({std::nullopt, std::nullopt, std::nullopt, std::nullopt, "ringt leverandør"}, "cli");
  ImportOptions en;
  en.language = Language::kEn;
  ImportReport r = Import(std::string(kHeader) +
                              "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;40;"
                              "Venter på svar\r\n",
                          kSecond, en);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(ConflictMessage(r.conflicts[0], "plan.csv", Language::kEn),
            "plan.csv:2: comment: the last import brought (empty), the file now has 'Venter på "
            "svar' and the database 'ringt leverandør', set by the command line 03.03.2026 "
            "10:00; the stored value stays (--prefer-file takes the file's)");
}

TEST_P(PlanMergeTest, PreferFileTakesTheFilesValueInAConflict) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"avbrutt", "90", std::nullopt, std::nullopt, std::nullopt});
  ImportOptions prefer;
  prefer.prefer_file = true;
  ImportReport r =
      Import(std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;fullført;40;\r\n", kSecond,
             prefer);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_TRUE(r.conflicts[0].file_taken);
  EXPECT_THAT(ConflictMessage(r.conflicts[0], "plan.csv", Language::kNb),
              HasSubstr("filens verdi tas (--prefer-file)"));
  EXPECT_EQ(Get().status, MeasureStatus::kDone);
  EXPECT_EQ(Get().progress, 90);  // the file still holds the base's 40: no conflict there
  EXPECT_EQ(Events().back().kind, "status_changed");
}

TEST_P(PlanMergeTest, BothChangedToTheSameValueIsNoConflict) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"fullført", "100", std::nullopt, std::nullopt, std::nullopt});
  const int events = AllEvents();
  ImportReport r = Import(
      std::string(kHeader) + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;ferdig;100 %;\r\n", kSecond);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_EQ(r.summary.unchanged, 1);
  EXPECT_EQ(AllEvents(), events);
}

TEST_P(PlanMergeTest, DryRunReportsEveryNewAndChangedMeasureFieldByField) {
  Import(std::string(kHeader) + kRow, kFirst);
  ImportOptions dry;
  dry.dry_run = true;
  dry.details = true;
  ImportReport r = Import(std::string(kHeader) +
                              "FH-1;Folkehelse;Kurs;hbo;30.04.2026;pågår;55;Ny frist\r\n"
                              "FH-2;Folkehelse;Oversikt;kff;01.06.2026;;;\r\n",
                          kSecond, dry);
  ASSERT_EQ(r.measures.size(), 2u);
  EXPECT_EQ(r.measures[0].id, "FH-1");
  EXPECT_FALSE(r.measures[0].created);
  std::vector<std::string> lines;
  for (const FieldChange& c : r.measures[0].changes) {
    lines.push_back(PlanFieldName(c.field, Language::kNb) + ": " + c.before + " → " + c.after);
  }
  EXPECT_THAT(lines, ElementsAre("frist: 16.03.2026 → 30.04.2026", "fremdrift: 40 % → 55 %",
                                 "oppdatert: 02.03.2026 09:00 → 04.03.2026 09:00",
                                 "kommentar: (tom) → «Ny frist»"));
  EXPECT_TRUE(r.measures[1].created);
  EXPECT_EQ(r.measures[1].id, "FH-2");
  // Nothing was written, the base neither.
  EXPECT_EQ(Get().deadline, date::sys_days(date::year{2026} / 3 / 16));
  EXPECT_EQ(Get("FH-2").id, "");
  ImportReport real = Import(std::string(kHeader) + kRow, kSecond);
  EXPECT_EQ(real.summary.unchanged, 1);
}

TEST_P(PlanMergeTest, AColumnTheFileLacksLeavesItsFieldAlone) {
  Import(std::string(kHeader) + kRow, kFirst);
  Answer({"fullført", "80", std::nullopt, std::nullopt, std::nullopt});
  ImportReport r = Import(
      "Nr;Satsningsområde;Tiltak;Ansvar;Frist\r\nFH-1;Folkehelse;Kurs;hbo;16.03.2026\r\n", kSecond);
  EXPECT_EQ(r.summary.unchanged, 1);
  EXPECT_EQ(Get().status, MeasureStatus::kDone);
  EXPECT_EQ(Get().progress, 80);
}

TEST_P(PlanMergeTest, TheFilesNewUpdateTimeIsNeverAConflict) {
  const std::string header = "Nr;Satsningsområde;Tiltak;Ansvar;Frist;Status;Oppdatert\r\n";
  Import(header + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;01.03.2026\r\n", kFirst);
  Answer({"fullført", std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  // An older time from the file does not undo the unit's later answer.
  ImportReport r =
      Import(header + "FH-1;Folkehelse;Kurs;hbo;16.03.2026;pågår;02.03.2026\r\n", kSecond);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_EQ(Get().updated_at, kAnswered);
}

// A database from before bases were kept (schema 4): its stored values are the base.
TEST(PlanMergeUpgradeTest, UpgradedDatabaseTakesItsStoredValuesAsTheBase) {
  TempDir dir;
  Config config;
  Diagnostics diag;
  LoadConfig(testing::WriteSmallConfig(dir), ProcessEnvironment(), &config, &diag);
  ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  const std::string path = dir.File("old.db");
  {
    std::unique_ptr<Database> db;
    ASSERT_TRUE(Database::Open(path, &db).ok());
    ASSERT_TRUE(Migrate(*db, 4).ok());
    ASSERT_TRUE(db->Exec("INSERT INTO measures (id, focus_area, title, responsible, deadline, "
                         "status, progress, updated_at, created_at) VALUES "
                         "('FH-1', 'folkehelse', 'Kurs', 'hbo', '2026-03-16', 'in_progress', 40, "
                         "1772438400, 1772438400), "
                         "('FH-2', 'folkehelse', 'Oversikt', 'kff', '2026-02-01', 'planned', 0, "
                         "1772438400, 1772438400);"
                         "INSERT INTO events (at, measure_id, kind, actor) VALUES "
                         "(1772438400, 'FH-1', 'created', 'import'), "
                         "(1772438400, 'FH-2', 'created', 'import');")
                    .ok());
  }
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(path, &store).ok());
  std::optional<ImportBase> base;
  ASSERT_TRUE(store->GetImportBase("FH-1", &base).ok());
  ASSERT_TRUE(base);
  EXPECT_EQ(base->values.progress, 40);
  // A unit answers after the upgrade; the old spreadsheet, imported again, keeps the answer,
  // and a deadline it changed is taken.
  int events = 0;
  ASSERT_TRUE(ChangeMeasure(store.get(), "FH-1",
                            {"fullført", "80", std::nullopt, std::nullopt, std::nullopt},
                            "api:hbo-teams", kAnswered, Language::kNb, &events)
                  .ok());
  PlanFile plan;
  ReadPlan(dir.Write("plan.csv", std::string(kHeader) + kRow +
                                     "FH-2;Folkehelse;Oversikt;kff;01.05.2026;planlagt;0;\r\n"),
           {&config.rules, &config.directory, config.timezone, Language::kNb}, &plan, &diag);
  ASSERT_FALSE(diag.has_errors()) << diag.ToString();
  ImportSummary summary;
  ASSERT_TRUE(ApplyPlan(plan, "plan.csv", kSecond, false, store.get(), &summary).ok());
  EXPECT_EQ(summary.changed, 1);
  EXPECT_EQ(summary.unchanged, 1);
  EXPECT_EQ(summary.conflicts, 0);
  std::optional<Measure> fh1;
  std::optional<Measure> fh2;
  ASSERT_TRUE(store->GetMeasure("FH-1", &fh1).ok());
  ASSERT_TRUE(store->GetMeasure("FH-2", &fh2).ok());
  EXPECT_EQ(fh1->status, MeasureStatus::kDone);
  EXPECT_EQ(fh1->progress, 80);
  EXPECT_EQ(fh2->deadline, date::sys_days(date::year{2026} / 5 / 1));
  // A measure with no base at all (never imported since) has its stored values as base too.
  ASSERT_TRUE(store->db().Exec("DELETE FROM import_bases WHERE measure_id = 'FH-1'").ok());
  ASSERT_TRUE(ApplyPlan(plan, "plan.csv", kSecond, false, store.get(), &summary).ok());
  ASSERT_TRUE(store->GetMeasure("FH-1", &fh1).ok());
  EXPECT_EQ(fh1->status, MeasureStatus::kInProgress);
  EXPECT_EQ(fh1->progress, 40);
}

TEST(PlanMergeUnitTest, MergeIsPerFieldAgainstTheBase) {
  Measure base;
  base.id = "X";
  base.title = "A";
  base.comment = "c";
  base.progress = 10;
  Measure stored = base;
  stored.progress = 50;  // a unit's answer
  stored.comment = "unit";
  PlanRow row;
  row.measure = base;
  row.measure.title = "B";       // only the file changed it
  row.measure.comment = "file";  // both changed it
  const Timestamp now = kSecond;
  MeasureMerge m = MergeMeasure(stored, ImportBase{base, false}, row, false, now);
  EXPECT_EQ(m.merged.title, "B");
  EXPECT_EQ(m.merged.progress, 50);
  EXPECT_EQ(m.merged.comment, "unit");
  EXPECT_EQ(m.merged.updated_at, now);
  EXPECT_THAT(m.taken, ElementsAre(PlanField::kTitle));
  EXPECT_THAT(m.conflicts, ElementsAre(PlanField::kComment));
  EXPECT_EQ(m.base.values.comment, "file");
  EXPECT_EQ(m.base.values.progress, 10);
}

INSTANTIATE_TEST_SUITE_P(Stores, PlanMergeTest, ::testing::ValuesIn(testing::kStoreKinds),
                         testing::StoreKindName);

}  // namespace
}  // namespace fristvakt
