#include "daemon/http/dashboard_page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fristvakt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Date D(int y, unsigned m, unsigned d) { return date::sys_days(date::year{y} / m / d); }

const std::array<std::string, 4> kNames = {"i rute", "frist innen 14 dager", "over fristen",
                                           "fullført"};

TEST(DashboardPageTest, BarNamesEveryPartAndGivesEachItsOwnPattern) {
  const std::string bar = StandingBar(0, {"Digitalisering", {3, 1, 2, 5}}, kNames, Language::kNb);
  EXPECT_THAT(bar, HasSubstr("role=\"img\" aria-labelledby=\"fv-bar-0\""));
  EXPECT_THAT(bar, HasSubstr("<title id=\"fv-bar-0\">Digitalisering: 3 i rute, 1 frist innen 14 "
                             "dager, 2 over fristen, 5 fullført</title>"));
  for (const char* pattern : {"fv-on-track", "fv-due-soon", "fv-overdue", "fv-done"}) {
    EXPECT_THAT(bar, HasSubstr(std::string("fill=\"url(#") + pattern + ")\""));
  }
  EXPECT_THAT(bar, HasSubstr("x=\"0%\" y=\"0\" width=\"27.27%\""));
  // A standing without measures has no part.
  EXPECT_THAT(StandingBar(1, {"Kompetanse", {0, 0, 2, 0}}, kNames, Language::kNb),
              Not(HasSubstr("fv-done")));
  EXPECT_THAT(StandingBar(2, {"Tom", {0, 0, 0, 0}}, kNames, Language::kNb),
              HasSubstr("<title id=\"fv-bar-2\">Tom: ingen tiltak</title>"));
  EXPECT_THAT(StandingLegend(kNames), HasSubstr("fill=\"url(#fv-overdue)\"/></svg> over fristen"));
}

TEST(DashboardPageTest, WeeklyChartIsAnImageWhoseDescriptionHasItsFirstHighestAndLatestWeek) {
  const std::string chart =
      WeeklyChart({{D(2026, 3, 8), 2}, {D(2026, 3, 15), 5}, {D(2026, 3, 18), 1}}, Language::kNb);
  EXPECT_THAT(chart, HasSubstr("role=\"img\" aria-labelledby=\"fv-weekly-title fv-weekly-desc\""));
  EXPECT_THAT(chart, HasSubstr("<title id=\"fv-weekly-title\">Tiltak over fristen uke for uke, "
                               "siste 3 uker</title>"));
  EXPECT_THAT(chart, HasSubstr("<desc id=\"fv-weekly-desc\">uke 10 2026: 2; høyest 5 i uke 11 "
                               "2026; nå (uke 12 2026): 1.</desc>"));
  // The axis goes to a round 8 in four steps.
  EXPECT_THAT(chart, HasSubstr(">8</text>"));
  EXPECT_THAT(chart, HasSubstr(">6</text>"));
}

TEST(DashboardPageTest, PageFollowsTheLanguageAndEscapesTheAnswer) {
  DashboardView v;
  v.lang = Language::kEn;
  v.today = D(2026, 3, 18);
  v.cancelled_since = D(2026, 3, 10);
  v.areas = {{"Digitalisering", {1, 0, 1, 0}}};
  v.overdue = {{"DIG-3 <Velferd>",
                "HBO",
                "01.03.2026",
                "10.03.2026",
                17,
                1,
                {{"Comment", "'<b>late</b>'"}}}};
  v.weeks = {{D(2026, 3, 18), 1}};
  const std::string body = DashboardBody(v);
  const std::string page = HtmlPage(Language::kEn, "t", body);
  EXPECT_THAT(page, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(body, HasSubstr("<h2>Overdue week by week</h2>"));
  EXPECT_THAT(body, HasSubstr("<summary>The numbers week by week</summary>"));
  EXPECT_THAT(body, HasSubstr("<h2>Cancelled since the last overview</h2>\n<p>Since 10.03.2026."));
  EXPECT_THAT(body, HasSubstr("<th scope=\"row\">DIG-3 &lt;Velferd&gt;</th>"));
  EXPECT_THAT(body, HasSubstr("<td class=\"answer\"><strong>Comment:</strong> "
                              "&#39;&lt;b&gt;late&lt;/b&gt;&#39;</td>"));
  EXPECT_THAT(body, Not(HasSubstr("<b>late")));
  EXPECT_THAT(body, Not(HasSubstr("Over fristen")));
}

}  // namespace
}  // namespace fristvakt
