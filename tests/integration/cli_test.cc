// Drives the real fristvakt binary, as an operator or a script would.
#include <filesystem>
#include <set>
#include <sstream>

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
using testing::ReadFile;
using testing::RunProcess;
using testing::TempDir;

const std::string kSource = FRISTVAKT_SOURCE_DIR;

// A copy of the bundled example in a folder of its own, so that its database is fresh.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { CopyExample(dir_); }

  static void CopyExample(const TempDir& dir) {
    std::filesystem::copy(kSource + "/examples", dir.path(),
                          std::filesystem::copy_options::recursive);
    std::filesystem::remove(dir.File("fristvakt.db"));
  }

  ProcessResult Run(const TempDir& dir, std::vector<std::string> args,
                    std::vector<std::string> env = {}) {
    args.insert(args.begin(), {FRISTVAKT_BINARY, "--config", dir.File("fristvakt.yaml")});
    env.push_back("FRISTVAKT_NOW=2026-03-02T09:00:00+01:00");
    return RunProcess(args, env);
  }
  ProcessResult Run(std::vector<std::string> args) { return Run(dir_, std::move(args)); }

  std::string Plan() const { return kSource + "/examples/handlingsplan.csv"; }

  TempDir dir_;
};

TEST_F(CliTest, CheckAcceptsTheBundledExample) {
  ProcessResult r = Run({"check", "--plan", Plan()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OK: 5 satsningsområder"));
  EXPECT_THAT(r.out, HasSubstr("9 enheter"));
}

TEST_F(CliTest, CheckReportsConfigurationProblemsWithPositions) {
  dir_.Write("rules/kompetanse.yaml", "focus_area: kompetanse\ntitle: Kompetanse\nsdg: fire\n");
  ProcessResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir_.File("rules/kompetanse.yaml") + ":3:6: 'sdg' must be"));
}

TEST_F(CliTest, ImportThenExportRoundTripsExactly) {
  ProcessResult imported = Run({"import", Plan()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("34 tiltak lest: 34 nye"));
  ProcessResult exported = Run({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string csv = dir_.Write("export.csv", exported.out);

  TempDir other;
  CopyExample(other);
  ProcessResult again = Run(other, {"import", csv});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("34 nye"));
  EXPECT_EQ(Run(other, {"export"}).out, exported.out);
  EXPECT_EQ(Run(other, {"export", "--format", "json"}).out,
            Run({"export", "--format", "json"}).out);

  // The export read back into the database it came from changes nothing.
  ProcessResult same = Run({"import", csv});
  EXPECT_THAT(same.out, HasSubstr("0 nye, 0 endret, 34 uendret"));
}

TEST_F(CliTest, JsonExportUsesTheSpecifiedFields) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  auto measures = nlohmann::json::parse(Run({"export", "--format", "json"}).out);
  ASSERT_EQ(measures.size(), 34u);
  const auto& first = measures[0];
  for (const char* field :
       {"id", "focus_area", "title", "responsible", "deadline", "status", "progress", "updated_at",
        "description", "plan", "priority", "tags", "owner", "comment"}) {
    EXPECT_TRUE(first.contains(field)) << field;
  }
  EXPECT_THAT(first["deadline"].get<std::string>(),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
  for (const auto& m : measures) {
    EXPECT_THAT(m["status"].get<std::string>(),
                ::testing::AnyOf("planned", "in_progress", "done", "cancelled"));
  }
}

TEST_F(CliTest, BadFileExitsOneAndWritesNothing) {
  std::string bad = dir_.Write("bad.csv",
                               "Nr;Satsningsområde;Tiltak;Ansvar;Frist\r\n"
                               "X-1;Folkehelse;Greit;hbo;01.04.2026\r\n"
                               "X-2;Folkehelse;Feil dato;hbo;31.02.2027\r\n"
                               "X-3;Idrett;Feil område;hbo;01.04.2026\r\n");
  ProcessResult r = Run({"import", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(bad + ":3: ugyldig dato «31.02.2027» i frist"));
  EXPECT_THAT(r.err, HasSubstr(bad + ":4: ukjent satsningsområde «Idrett»"));
  EXPECT_THAT(r.err, HasSubstr("ingenting er importert"));
  EXPECT_EQ(Run({"export", "--format", "json"}).out, "[]\n");
}

TEST_F(CliTest, DryRunReportsButWritesNothing) {
  ProcessResult r = Run({"import", "--dry-run", Plan()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Prøvekjøring"));
  EXPECT_EQ(Run({"export", "--format", "json"}).out, "[]\n");
}

TEST_F(CliTest, ListFiltersOverdueMeasuresOfAUnit) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  ProcessResult r = Run({"list", "--overdue", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto overdue = nlohmann::json::parse(r.out);
  EXPECT_EQ(overdue.size(), 5u);
  for (const auto& m : overdue) EXPECT_LT(m["deadline"].get<std::string>(), "2026-03-02");
  ProcessResult table = Run({"list", "--unit", "Hjemmebasert omsorg"});
  EXPECT_THAT(table.out, HasSubstr("Hjemmebasert omsorg"));
  EXPECT_THAT(table.out, Not(HasSubstr("Legetjenesten")));
  EXPECT_EQ(Run({"list", "--area", "idrett"}).exit_code, 1);
  EXPECT_EQ(Run({"list", "--due-within", "fjorten"}).exit_code, 2);
}

TEST_F(CliTest, SetRecordsEventsAndANewDeadlineNeedsAReason) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  EXPECT_EQ(Run({"set", "FH-1", "--deadline", "30.04.2026"}).exit_code, 2);
  EXPECT_EQ(Run({"set", "FINNES-IKKE", "--status", "done"}).exit_code, 1);
  EXPECT_EQ(Run({"set", "FH-1", "--progress", "140"}).exit_code, 1);
  ProcessResult r = Run({"set", "FH-1", "--status", "fullført", "--progress", "100", "--deadline",
                         "20.03.2026", "--reason", "Kurs 2 flyttet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ProcessResult show = Run({"show", "FH-1"});
  EXPECT_THAT(show.out, HasSubstr("frist flyttet 16.03.2026 → 20.03.2026: Kurs 2 flyttet"));
  EXPECT_THAT(show.out, HasSubstr("status pågår → fullført"));
  EXPECT_THAT(show.out, HasSubstr("fullført, 100 %"));
  // One language throughout: Norwegian field names, states and counts.
  ProcessResult one = Run({"set", "FH-2", "--comment", "Ny kommentar"});
  EXPECT_THAT(one.out, HasSubstr("(1 hendelse)"));
  EXPECT_THAT(Run({"show", "FH-2"}).out, HasSubstr("endret kommentar"));
  ProcessResult no_reason = Run({"set", "FH-1", "--deadline", "30.04.2026"});
  EXPECT_THAT(no_reason.err, HasSubstr("en ny frist trenger en begrunnelse"));
  EXPECT_THAT(Run({"list"}).out, HasSubstr("Merknad"));
}

TEST_F(CliTest, AckIsShownWithTheMeasure) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  ProcessResult r = Run({"ack", "K3-1", "--until", "13.03.2026", "--note", "Vi følger opp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Run({"show", "K3-1"}).out, HasSubstr("kvittert til 13.03.2026: Vi følger opp"));
  EXPECT_EQ(Run({"ack", "K3-1", "--until", "snart"}).exit_code, 1);
}

TEST_F(CliTest, SimulateWithAPlanPrintsOrderedJsonLines) {
  ProcessResult r =
      Run({"simulate", "--from", "02.03.2026", "--to", "31.03.2026", "--plan", Plan()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<nlohmann::ordered_json> notices;
  for (std::string line; std::getline(lines, line);) {
    notices.push_back(nlohmann::ordered_json::parse(line));
  }
  ASSERT_GT(notices.size(), 20u);
  std::vector<std::string> keys;
  for (const auto& [key, value] : notices[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"at", "key", "kind", "rule", "focus_area", "measure",
                                            "recipient", "channel"}));
  for (size_t i = 1; i < notices.size(); ++i) {
    EXPECT_LE(notices[i - 1]["at"].get<std::string>(), notices[i]["at"].get<std::string>());
  }
  bool escalation = false;
  for (const auto& n : notices) escalation |= n["kind"] == "escalation";
  EXPECT_TRUE(escalation);
  // The database was never touched.
  EXPECT_FALSE(std::filesystem::exists(dir_.File("fristvakt.db")));
}

TEST_F(CliTest, SimulateReadsACopyOfTheDatabaseAndWritesNothing) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  std::string before = ReadFile(dir_.File("fristvakt.db"));
  ProcessResult r =
      Run({"simulate", "--from", "02.03.2026", "--to", "06.03.2026", "--format", "table"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("mandag 02.03.2026"));
  EXPECT_THAT(r.out, HasSubstr("varsel-14d"));
  EXPECT_EQ(ReadFile(dir_.File("fristvakt.db")), before);
  EXPECT_THAT(Run({"show", "FH-1"}).out, HasSubstr("(ingen)"));
}

TEST_F(CliTest, ExplainGivesTheReasonForEveryMove) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  ASSERT_EQ(Run({"set", "FH-5", "--deadline", "02.04.2026", "--reason", "test"}).exit_code, 0);
  ProcessResult r = Run({"explain", "FH-5", "--from", "01.03.2026", "--to", "30.04.2026"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("01.04.2026 08:00  forfall"));
  EXPECT_THAT(r.out, HasSubstr("ikke arbeidsdag: 02.04.2026 skjærtorsdag → 01.04.2026"));
  EXPECT_THAT(r.out, HasSubstr("03.04.2026 langfredag, 04.04.2026 lørdag, 05.04.2026 1. påskedag, "
                               "06.04.2026 2. påskedag → 07.04.2026"));
  EXPECT_EQ(Run({"explain", "FINNES-IKKE"}).exit_code, 1);
}

// IS-2 (due 09.03) had its varsel-14d on 23.02, before the plan was imported on 02.03: it was
// never owed, and `explain` says so (docs/rules.md, "Late and missed notices").
TEST_F(CliTest, ExplainMarksAnOccurrenceFromBeforeTheImport) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  ProcessResult r = Run({"explain", "IS-2", "--from", "01.02.2026", "--to", "31.03.2026"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("23.02.2026 08:00  varsel-14d → "));
  EXPECT_THAT(r.out, HasSubstr("[før tiltaket var kjent: sendes ikke til vanlig tid]"));
}

// language: nn: headers, status words, counts, errors and weekdays are nynorsk.
TEST_F(CliTest, NynorskWhenConfigured) {
  std::string config = ReadFile(dir_.File("fristvakt.yaml"));
  ASSERT_NE(config.find("language: nb"), std::string::npos);
  config.replace(config.find("language: nb"), 12, "language: nn");
  dir_.Write("fristvakt.yaml", config);
  ProcessResult check = Run({"check", "--plan", Plan()});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("OK: 5 satsingsområde, 8 reglar, 9 einingar"));
  ProcessResult imported = Run({"import", Plan()});
  EXPECT_THAT(imported.out, HasSubstr("34 tiltak lesne: 34 nye, 0 endra, 0 uendra."));
  ProcessResult list = Run({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("Satsingsområde"));
  EXPECT_THAT(list.out, HasSubstr("Framdrift"));
  EXPECT_THAT(list.out, HasSubstr("dagar over fristen"));
  EXPECT_THAT(list.out, HasSubstr("planlagd"));
  EXPECT_THAT(list.out, Not(HasSubstr("Fremdrift")));
  EXPECT_THAT(list.out, Not(HasSubstr("dager")));
  ProcessResult set =
      Run({"set", "FH-1", "--deadline", "20.03.2026", "--reason", "Kurset vart flytta"});
  EXPECT_THAT(set.out, HasSubstr("FH-1: lagra (1 hending)"));
  ProcessResult show = Run({"show", "FH-1"});
  EXPECT_THAT(show.out, HasSubstr("Hendingar:"));
  EXPECT_THAT(show.out, HasSubstr("frist flytta 16.03.2026 → 20.03.2026: Kurset vart flytta"));
  EXPECT_THAT(Run({"set", "FH-1", "--deadline", "30.04.2026"}).err,
              HasSubstr("ein ny frist treng ei grunngiving"));
  EXPECT_THAT(Run({"list", "--area", "idrett"}).err, HasSubstr("ukjent satsingsområde «idrett»"));
  ProcessResult simulate =
      Run({"simulate", "--from", "02.03.2026", "--to", "03.03.2026", "--format", "table"});
  EXPECT_THAT(simulate.out, HasSubstr("måndag 02.03.2026"));
  EXPECT_THAT(simulate.out, HasSubstr("tysdag 03.03.2026"));
  EXPECT_THAT(simulate.out, HasSubstr("Mottakar"));
  ProcessResult digest = Run({"digest", "ledermote", "--dry-run"});
  EXPECT_THAT(digest.out, HasSubstr("Emne: Oversikt over tiltaka 02.03.2026"));
  EXPECT_THAT(digest.out, HasSubstr("Fristen flytta sidan førre oversikt:"));
  EXPECT_THAT(Run({"outbox"}).out, HasSubstr("0 varsel"));
  // The export has the nynorsk columns and status words, and reads back unchanged.
  ASSERT_EQ(Run({"set", "FH-2", "--status", "avbroten"}).exit_code, 0);
  ProcessResult exported = Run({"export"});
  EXPECT_THAT(exported.out, HasSubstr("Nr;Satsingsområde;Tiltak;Ansvar;Frist;Status;Framdrift;"));
  EXPECT_THAT(exported.out, HasSubstr(";avbroten;"));
  TempDir other;
  CopyExample(other);
  other.Write("fristvakt.yaml", config);
  ASSERT_EQ(Run(other, {"import", dir_.Write("export.csv", exported.out)}).exit_code, 0);
  EXPECT_EQ(Run(other, {"export"}).out, exported.out);
}

TEST_F(CliTest, DigestDryRunPrintsWithoutQueueing) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  ProcessResult r = Run({"digest", "ledermote", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("== ledergruppe =="));
  EXPECT_THAT(r.out, HasSubstr("Emne: Oversikt over tiltakene 02.03.2026"));
  EXPECT_THAT(r.out, HasSubstr("== Folkehelse =="));
  EXPECT_THAT(r.out, HasSubstr("Over fristen:"));
  EXPECT_THAT(Run({"outbox"}).out, HasSubstr("0 varsler"));
  EXPECT_EQ(Run({"digest", "finnes-ikke"}).exit_code, 1);
  ProcessResult queued = Run({"digest", "ledermote"});
  EXPECT_THAT(queued.out, HasSubstr("er lagt i køen"));
  EXPECT_THAT(Run({"outbox"}).out,
              HasSubstr("digest/ledermote/2026-03-02T09:00:00/ledergruppe/email"));
}

TEST_F(CliTest, StatusAndOutboxReadTheDatabaseWhenTheConfigurationIsBroken) {
  ASSERT_EQ(Run({"import", Plan()}).exit_code, 0);
  dir_.Write("fristvakt.yaml", ReadFile(dir_.File("fristvakt.yaml")) + "colour: blue\n");
  ProcessResult status = Run({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.err, HasSubstr("unknown key 'colour'"));
  EXPECT_THAT(status.out, HasSubstr("I kø: "));
  EXPECT_EQ(Run({"outbox"}).exit_code, 0);
  // What writes or decides still needs a configuration that holds.
  EXPECT_EQ(Run({"import", Plan()}).exit_code, 1);
  EXPECT_EQ(Run({"outbox", "retry", "--all-dead"}).exit_code, 1);
}

TEST_F(CliTest, CheckAndStatusCreateNoFileInTheConfigurationFolder) {
  auto files = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path())) {
      names.insert(e.path().string());
    }
    return names;
  };
  const auto before = files();
  EXPECT_EQ(Run({"check"}).exit_code, 0);
  ProcessResult status = Run({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("Ingen database ennå"));
  EXPECT_EQ(files(), before);
}

TEST_F(CliTest, WrongUsageExitsTwo) {
  EXPECT_EQ(Run({"fly"}).exit_code, 2);
  EXPECT_EQ(Run({"import"}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--format", "xml"}).exit_code, 2);
}

}  // namespace
}  // namespace fristvakt
