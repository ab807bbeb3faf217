#include "daemon/config/config_file.h"
#include "rules/config.h"

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;
using testing::WriteSmallConfig;

Environment FakeEnvironment(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string Load(const std::string& path, Config* config,
                 const Environment& env = FakeEnvironment({})) {
  Diagnostics diag;
  LoadConfig(path, env, config, &diag);
  return diag.ToString();
}

TEST(ConfigTest, BundledExampleIsValid) {
  Config config;
  Diagnostics diag;
  LoadConfig(std::string(FRISTVAKT_SOURCE_DIR) + "/examples/fristvakt.yaml", FakeEnvironment({}),
             &config, &diag);
  EXPECT_FALSE(diag.has_errors()) << diag.ToString();
  EXPECT_EQ(config.rules.areas.size(), 5u);
  EXPECT_EQ(config.directory.units().size(), 9u);
  ASSERT_NE(config.directory.Find("ledergruppe"), nullptr);
  EXPECT_TRUE(config.directory.Find("ledergruppe")->is_group);
  EXPECT_FALSE(config.smtp);
}

TEST(ConfigTest, PathsAreRelativeToTheConfigurationFolder) {
  TempDir dir;
  Config config;
  EXPECT_EQ(Load(WriteSmallConfig(dir), &config), "");
  EXPECT_EQ(config.database_path, dir.File("fristvakt.db"));
  EXPECT_EQ(config.spool_path, dir.File("spool"));
  EXPECT_EQ(config.timezone->name(), "Europe/Oslo");
  EXPECT_EQ(config.rules.FindArea("FOLKEHELSE")->id, "folkehelse");
}

TEST(ConfigTest, StateDirectoryIsTheDefaultForStateFiles) {
  TempDir dir;
  Config config;
  Load(WriteSmallConfig(dir), &config, FakeEnvironment({{"STATE_DIRECTORY", "/var/lib/fv"}}));
  EXPECT_EQ(config.database_path, "/var/lib/fv/fristvakt.db");
  EXPECT_EQ(config.spool_path, "/var/lib/fv/spool");
}

TEST(ConfigTest, ADatabaseUrlIsNotAPathAndItsPasswordComesFromAFile) {
  TempDir dir;
  Config plain;
  EXPECT_EQ(Load(WriteSmallConfig(dir, "database: postgresql://fv@db.example/fristvakt\n"), &plain),
            "");
  EXPECT_EQ(plain.database_path, "postgresql://fv@db.example/fristvakt");
  EXPECT_TRUE(plain.database_password.empty());

  dir.Write("db-password", "s3cret\n");
  Config mapped;
  EXPECT_EQ(Load(WriteSmallConfig(dir,
                                  "database:\n  url: postgres:///fristvakt?host=/run/postgresql\n"
                                  "  password_file: db-password\n"),
                 &mapped),
            "");
  EXPECT_EQ(mapped.database_path, "postgres:///fristvakt?host=/run/postgresql");
  EXPECT_EQ(mapped.database_password.reveal(), "s3cret");

  Config credential;
  EXPECT_EQ(Load(WriteSmallConfig(dir, "database:\n  url: postgresql://fv@db/fristvakt\n"),
                 &credential, FakeEnvironment({{"FRISTVAKT_DATABASE_PASSWORD", "fromenv"}})),
            "");
  EXPECT_EQ(credential.database_password.reveal(), "fromenv");
}

TEST(ConfigTest, APasswordInTheDatabaseUrlIsRefusedWithoutShowingIt) {
  TempDir dir;
  Config config;
  std::string out =
      Load(WriteSmallConfig(dir, "database: postgresql://fv:hunter2@db/fristvakt\n"), &config);
  EXPECT_THAT(out, HasSubstr("must not hold a password"));
  EXPECT_THAT(out, Not(HasSubstr("hunter2")));
  Config wrong;
  EXPECT_THAT(Load(WriteSmallConfig(dir, "database:\n  url: /var/lib/fristvakt.db\n"), &wrong),
              HasSubstr("'url' must be a postgresql:// URL"));
}

TEST(ConfigTest, ReportsEveryProblemWithItsPosition) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, R"(colour: blue
calendar:
  holidays: no
  workdays: [mon, tue, wensday]
  send_time: "25:00"
webhooks:
  teams: {url: "ftp://x", format: teams}
digests:
  - name: ledermote
    cron: "0 8 * *"
    to: [ledergruppe, nobody]
    working_days_only: yes
)");
  Config config;
  std::string out = Load(path, &config);
  EXPECT_THAT(out, HasSubstr(path + ":3:1: unknown key 'colour' in fristvakt.yaml"));
  EXPECT_THAT(out, HasSubstr(path + ":5:13: 'holidays' must be norway or none, not 'no'"));
  EXPECT_THAT(out, HasSubstr(path + ":6:13: unknown weekday 'wensday'"));
  EXPECT_THAT(out, HasSubstr(path + ":7:14: 'send_time' must be a time of day HH:MM"));
  EXPECT_THAT(out, HasSubstr(path + ":9:16: 'url' must be an http:// or https:// address"));
  EXPECT_THAT(out, HasSubstr(path + ":12:11: 'cron': expected 5 fields"));
  EXPECT_THAT(out, HasSubstr(path + ":13:9: unknown recipient 'nobody'"));
  EXPECT_THAT(out, HasSubstr(path + ":14:24: 'working_days_only' must be true or false"));
}

TEST(ConfigTest, DigestSectionsIncludeCancelledByDefaultAndByName) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, R"(digests:
  - {name: alle, cron: "0 8 * * 2", to: [ledergruppe]}
  - {name: avbrutt, cron: "0 8 * * 2", to: [ledergruppe], sections: [cancelled, overdue]}
)");
  Config config;
  EXPECT_EQ(Load(path, &config), "");
  ASSERT_EQ(config.digests.size(), 2u);
  EXPECT_EQ(config.digests[0].sections.size(), 6u);
  EXPECT_EQ(config.digests[0].sections.back(), DigestSection::kCancelled);
  EXPECT_EQ(config.digests[1].sections,
            (std::vector<DigestSection>{DigestSection::kCancelled, DigestSection::kOverdue}));
  path = WriteSmallConfig(dir, R"(digests:
  - {name: feil, cron: "0 8 * * 2", to: [ledergruppe], sections: [canceled]}
)");
  Config wrong;
  EXPECT_THAT(Load(path, &wrong),
              HasSubstr("unknown section 'canceled' (use overdue, due_soon, moved, stale, "
                        "done_recently, cancelled) (did you mean 'cancelled'?)"));
}

TEST(ConfigTest, NoWorkdaysIsAnErrorBecauseNothingWouldEverBeSent) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, "calendar:\n  workdays: []\n");
  Config config;
  EXPECT_THAT(Load(path, &config),
              HasSubstr(path + ":4:13: 'workdays' names no day: nothing would ever be sent"));
}

TEST(ConfigTest, LanguageNnIsNynorsk) {
  TempDir dir;
  WriteSmallConfig(dir);
  std::string path = dir.Write("fristvakt.yaml", "timezone: Europe/Oslo\nlanguage: nn\n");
  Config config;
  EXPECT_EQ(Load(path, &config), "");
  EXPECT_EQ(config.language, Language::kNn);
}

TEST(ConfigTest, UnknownLanguageNamesTheThreeThereAre) {
  TempDir dir;
  WriteSmallConfig(dir);
  std::string path = dir.Write("fristvakt.yaml", "timezone: Europe/Oslo\nlanguage: nb-NO\n");
  Config config;
  EXPECT_THAT(Load(path, &config),
              HasSubstr(path + ":2:11: 'language' must be nb, nn or en, not 'nb-NO'"));
}

TEST(ConfigTest, TyposGetTheNearestKnownKeyOrValue) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, R"(timezon: Europe/Oslo
calendar:
  holidays: norwy
  workdays: [mon, tue, wedn]
webhooks:
  teams: {url: "https://example.no/hook", format: team}
)");
  Config config;
  std::string out = Load(path, &config);
  EXPECT_THAT(out, HasSubstr(":3:1: unknown key 'timezon' in fristvakt.yaml (did you mean "
                             "'timezone'?)"));
  EXPECT_THAT(out, HasSubstr("not 'norwy' (did you mean 'norway'?)"));
  EXPECT_THAT(out, HasSubstr("unknown weekday 'wedn' (use mon, tue, wed, thu, fri, sat, sun) "
                             "(did you mean 'wed'?)"));
  EXPECT_THAT(out, HasSubstr("not 'team' (did you mean 'teams'?)"));
}

TEST(ConfigTest, NothingIsSuggestedForAWordFarFromEveryKey) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, "colour: blue\n");
  Config config;
  EXPECT_THAT(Load(path, &config), Not(HasSubstr("did you mean")));
}

TEST(ConfigTest, UnitsFileInLatin1IsAnErrorWithItsPosition) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir);
  // "Åsnes" in Latin-1: the Å is the single byte 0xC5.
  dir.Write("units.yaml",
            "units:\n  - id: hbo\n    name: \xC5snes HBO\n    email: [a@example.no]\n");
  Config config;
  EXPECT_THAT(Load(path, &config),
              HasSubstr(dir.File("units.yaml") + ":3:11: the file is not UTF-8"));
}

TEST(ConfigTest, SyntaxErrorHasAPosition) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, "calendar: [unclosed\n");
  Config config;
  EXPECT_THAT(Load(path, &config), HasSubstr(path + ":4:"));
}

TEST(ConfigTest, UnitProblemsAreReportedInTheUnitsFile) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir);
  std::string units = dir.Write("units.yaml", R"(units:
  - id: hbo
    name: Hjemmebasert omsorg
    email: ["enhetsleder.hbo@example.no\nBcc: all@example.no"]
  - id: hbo
    name: Dobbel
    email: [ikke-en-adresse]
    webhook: finnes-ikke
    fax: 123
groups:
  - id: Ledergruppe
    name: Ledergruppa
)");
  Config config;
  std::string out = Load(path, &config);
  EXPECT_THAT(out, HasSubstr(units + ":4:12: malformed e-mail address"));
  EXPECT_THAT(out, HasSubstr(units + ":5:9: duplicate id 'hbo' (first at line 2)"));
  EXPECT_THAT(out, HasSubstr(units + ":7:12: malformed e-mail address 'ikke-en-adresse'"));
  EXPECT_THAT(out, HasSubstr(units + ":8:14: unknown webhook 'finnes-ikke'"));
  EXPECT_THAT(out, HasSubstr(units + ":9:5: unknown key 'fax' in a unit"));
  EXPECT_THAT(out, HasSubstr(units + ":11:9: group id 'Ledergruppe' must be lower-case"));
}

TEST(ConfigTest, RuleFilesDefineTheFocusAreas) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir);
  std::string dup = dir.Write("rules/zz.yaml", "focus_area: folkehelse\ntitle: Igjen\nsdg: 18\n");
  Config config;
  std::string out = Load(path, &config);
  EXPECT_THAT(out, HasSubstr(dup + ":1:13: focus area 'folkehelse' is defined again"));
  EXPECT_THAT(out, HasSubstr(dup + ":3:6: 'sdg' must be a whole number from 1 to 17"));
}

TEST(ConfigTest, SecretsComeFromFilesCredentialsOrEnvironment) {
  TempDir dir;
  dir.Write("smtp.secret", "hemmelig-passord\n");
  std::string path = WriteSmallConfig(dir, R"(smtp:
  url: smtp://mail.example.no:587
  from: "Fristvakt HOV <fristvakt@example.no>"
  username: fristvakt
  password_file: smtp.secret
webhooks:
  intranett: {url: "http://127.0.0.1:9000/hook", format: json}
)");
  Config config;
  EXPECT_EQ(Load(path, &config,
                 FakeEnvironment({{"FRISTVAKT_WEBHOOK_SECRET_INTRANETT", "signeringsnokkel"}})),
            "");
  EXPECT_EQ(config.smtp->password.reveal(), "hemmelig-passord");
  EXPECT_EQ(config.webhooks.at("intranett").secret.reveal(), "signeringsnokkel");

  TempDir creds;
  creds.Write("webhook-intranett", "fra-credentials");
  Config second;
  Load(path, &second, FakeEnvironment({{"CREDENTIALS_DIRECTORY", creds.path().string()}}));
  EXPECT_EQ(second.webhooks.at("intranett").secret.reveal(), "fra-credentials");
}

TEST(ConfigTest, ErrorsNameTheSecretFileButNeverItsContent) {
  TempDir dir;
  std::string path = WriteSmallConfig(dir, R"(smtp:
  url: smtp://mail.example.no:587
  from: "fristvakt@example.no"
  username: fristvakt
  password_file: missing.secret
)");
  Config config;
  std::string out = Load(path, &config, FakeEnvironment({{"FRISTVAKT_SMTP_PASSWORD", "topp"}}));
  EXPECT_THAT(out, HasSubstr("cannot read the secret file '" + dir.File("missing.secret") + "'"));
  EXPECT_THAT(out, Not(HasSubstr("topp")));
}

TEST(ConfigTest, ConfigurationSearchOrder) {
  EXPECT_EQ(FindConfigPath("/a/flag.yaml", FakeEnvironment({{"FRISTVAKT_CONFIG", "/b.yaml"}})),
            "/a/flag.yaml");
  EXPECT_EQ(FindConfigPath("", FakeEnvironment({{"FRISTVAKT_CONFIG", "/b.yaml"}})), "/b.yaml");
}

}  // namespace
}  // namespace fristvakt
