#include "daemon/config/rule_files.h"
#include "daemon/config/config_file.h"
#include "rules/rule_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/config.h"
#include "testing/temp_dir.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

class RuleFileTest : public ::testing::Test {
 protected:
  // Loads the small configuration with `files` added to its rules folder.
  std::string Load(const std::vector<std::pair<std::string, std::string>>& files) {
    std::string path = testing::WriteSmallConfig(dir_);
    for (const auto& [name, content] : files) dir_.Write("rules/" + name, content);
    Diagnostics diag;
    LoadConfig(path, ProcessEnvironment(), &config_, &diag);
    return diag.ToString();
  }

  std::vector<std::string> Names(const std::string& area) const {
    std::vector<std::string> names;
    for (const Rule* r : config_.rules.EffectiveRules(area)) names.push_back(r->name);
    return names;
  }

  TempDir dir_;
  Config config_;
};

TEST_F(RuleFileTest, AreaRulesReplaceDefaultsByName) {
  EXPECT_EQ(Load({{"00-defaults.yaml", R"(focus_area: "*"
rules:
  - {name: varsel-14d, when: {before_deadline: 14d}, to: [responsible]}
  - {name: forfall, when: {on_deadline: true}, to: [responsible]}
)"},
                  {"digitalisering.yaml", R"(focus_area: digitalisering
title: Digitalisering
rules:
  - {name: varsel-14d, when: {before_deadline: 30d}, to: [responsible, ledergruppe]}
  - {name: ekstra, when: {after_deadline: 2w}, to: [kff]}
)"}}),
            "");
  EXPECT_EQ(Names("digitalisering"), (std::vector<std::string>{"forfall", "varsel-14d", "ekstra"}));
  const Rule* replaced = config_.rules.EffectiveRules("digitalisering")[1];
  EXPECT_EQ(replaced->offset, (Duration{30, Duration::Unit::kDays}));
  EXPECT_EQ(Names("folkehelse"), (std::vector<std::string>{"varsel-14d", "forfall"}));
  EXPECT_TRUE(Names("idrett").empty());
}

TEST_F(RuleFileTest, DefaultsFalseLeavesOnlyTheAreasOwnRules) {
  EXPECT_EQ(Load({{"folkehelse.yaml", R"(focus_area: folkehelse
title: Folkehelse
defaults: false
rules:
  - {name: egen, when: {on_deadline: true}, to: [responsible]}
)"}}),
            "");
  EXPECT_EQ(Names("folkehelse"), (std::vector<std::string>{"egen"}));
}

TEST_F(RuleFileTest, RuleDefaultsFollowTheTrigger) {
  EXPECT_EQ(Load({{"folkehelse.yaml", R"(focus_area: folkehelse
rules:
  - {name: a, when: {after_deadline: 1d}, to: [responsible], repeat: 1w}
  - {name: b, when: {on_deadline: true}, to: [responsible]}
  - {name: c, when: {event: status_changed}, to: [ledergruppe], channels: [email], severity: critical}
)"}}),
            "");
  auto rules = config_.rules.EffectiveRules("folkehelse");
  ASSERT_EQ(rules.size(), 4u);  // the small config's default rule too
  EXPECT_TRUE(rules[1]->unless_acknowledged);
  EXPECT_EQ(rules[1]->occurrence_limit(), 0);
  EXPECT_FALSE(rules[2]->unless_acknowledged);
  EXPECT_EQ(rules[2]->occurrence_limit(), 1);
  EXPECT_EQ(rules[3]->event, EventKind::kStatusChanged);
  EXPECT_EQ(rules[3]->severity, Severity::kCritical);
  EXPECT_EQ(config_.rules.areas[1].title, "folkehelse");  // no title: the id
}

TEST_F(RuleFileTest, EveryProblemIsReportedWithItsPosition) {
  std::string out = Load({{"folkehelse.yaml", R"(focus_area: folkehelse
title: Folkehelse
colour: red
rules:
  - name: ingen-trigger
    when: {}
    to: [responsible]
  - name: to-triggere
    when: {on_deadline: true, after_deadline: 1d}
    to: [responsible]
  - name: daarlig-varighet
    when: {before_deadline: 14 dager}
    to: [responsible]
  - name: ukjent-mottaker
    when: {on_deadline: true}
    to: [responsible, brannvesenet]
    channels: [sms]
  - name: ukjent-mottaker
    when: {on_deadline: yes}
    to: [responsible]
  - name: max-null
    when: {after_deadline: 1d}
    repeat: 7d
    max_times: 0
    to: [responsible]
  - name: ukjent-hendelse
    when: {event: deleted}
    to: [responsible]
  - name: uten-mottaker
    when: {on_deadline: true}
  - name: filtre
    when: {on_deadline: true}
    to: [responsible]
    if: {status: [kanskje], units: [nobody], colour: [red]}
)"}});
  std::string f = dir_.File("rules/folkehelse.yaml");
  EXPECT_THAT(out, HasSubstr(f + ":3:1: unknown key 'colour' in a rule file"));
  EXPECT_THAT(out, HasSubstr(f + ":6:11: 'when' has no trigger"));
  EXPECT_THAT(out, HasSubstr(f + ":9:47: 'when' must have exactly one trigger"));
  EXPECT_THAT(out, HasSubstr(f + ":12:29: 'before_deadline' must be a duration"));
  EXPECT_THAT(out, HasSubstr(f + ":16:9: unknown recipient 'brannvesenet'"));
  EXPECT_THAT(out, HasSubstr(f + ":17:15: unknown channel 'sms'"));
  EXPECT_THAT(out, HasSubstr(f + ":19:25: 'on_deadline' must be true, not 'yes'"));
  EXPECT_THAT(out, HasSubstr(f + ":24:16: 'max_times' must be a whole number from 1"));
  EXPECT_THAT(out, HasSubstr(f + ":27:19: unknown event 'deleted'"));
  EXPECT_THAT(out, HasSubstr(f + ":29:5: missing 'to' in a rule"));
  EXPECT_THAT(out, HasSubstr(f + ":34:18: unknown status 'kanskje'"));
  EXPECT_THAT(out, HasSubstr(f + ":34:36: unknown unit 'nobody'"));
  EXPECT_THAT(out, HasSubstr(f + ":34:46: unknown key 'colour' in 'if'"));
}

TEST_F(RuleFileTest, AnInvalidDurationGetsNoWarningAboutADurationOfZero) {
  std::string out = Load({{"kompetanse.yaml", R"(focus_area: kompetanse
rules:
  - {name: sen, when: {after_deadline: 2x}, to: [responsible]}
)"}});
  EXPECT_THAT(out, HasSubstr("'after_deadline' must be a duration"));
  EXPECT_THAT(out, Not(HasSubstr("a duration of 0")));
}

TEST_F(RuleFileTest, DuplicateRuleNamesInOneFile) {
  std::string out = Load({{"folkehelse.yaml", R"(focus_area: folkehelse
rules:
  - {name: a, when: {on_deadline: true}, to: [responsible]}
  - {name: a, when: {on_deadline: true}, to: [responsible]}
)"}});
  EXPECT_THAT(out, HasSubstr(dir_.File("rules/folkehelse.yaml") +
                             ":4:5: duplicate rule name 'a' (first at line 3)"));
}

TEST_F(RuleFileTest, WarnsAboutARuleThatCanNeverFire) {
  std::string out = Load({{"folkehelse.yaml", R"(focus_area: folkehelse
rules:
  - {name: lukket, when: {on_deadline: true}, to: [responsible], if: {status: [done]}}
  - {name: ingen-kanal, when: {on_deadline: true}, to: [kff], channels: [webhook]}
  - {name: ok, when: {event: status_changed}, to: [responsible], if: {status: [done]}}
)"}});
  std::string f = dir_.File("rules/folkehelse.yaml");
  EXPECT_THAT(out, HasSubstr(f + ":3:5: warning: rule 'lukket' can never fire"));
  EXPECT_THAT(out, HasSubstr(f + ":4:5: warning: rule 'ingen-kanal' can never fire"));
  EXPECT_THAT(out, Not(HasSubstr("'ok'")));
}

TEST_F(RuleFileTest, NorwayProblemIsAnErrorNotABoolean) {
  std::string out = Load({{"folkehelse.yaml", "focus_area: folkehelse\ndefaults: no\n"}});
  EXPECT_THAT(out, HasSubstr(dir_.File("rules/folkehelse.yaml") +
                             ":2:11: 'defaults' must be true or false, not 'no'"));
}

}  // namespace
}  // namespace fristvakt

namespace fristvakt {
namespace {

TEST(RuleNames, ApprovalIsTakenByTheNoticesOfDeadlineRequests) {
  testing::TempDir dir;
  const std::string path = testing::WriteSmallConfig(dir);
  dir.Write("rules/zz.yaml",
            "focus_area: \"*\"\nrules:\n  - {name: approval, when: {on_deadline: true}, to: "
            "[responsible]}\n");
  Config config;
  Diagnostics diag;
  LoadConfig(path, ProcessEnvironment(), &config, &diag);
  EXPECT_THAT(diag.ToString(), ::testing::HasSubstr("taken by the notices of deadline requests"));
}

}  // namespace
}  // namespace fristvakt
