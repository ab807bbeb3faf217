#ifndef FRISTVAKT_DAEMON_HTTP_DASHBOARD_PAGE_H_
#define FRISTVAKT_DAEMON_HTTP_DASHBOARD_PAGE_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "daemon/http/html.h"
#include "notifiers/answer.h"
#include "rules/overdue_history.h"

// The dashboard's HTML (docs/api.md, "The dashboard"), from values the request has gathered:
// server-rendered, self-contained, in the configured language. Pure functions.
namespace fristvakt {

// A whole page with the dashboard's style; `title` is escaped, `body` is HTML.
std::string DashboardPage(Language lang, const std::string& title, const std::string& body);

// How many of an area's measures stand where, in the order of kStandings.
using StandingCounts = std::array<int, 4>;  // on track, due soon, overdue, done

struct DashboardArea {
  std::string title;
  StandingCounts counts{};
};

// A measure in one of the dashboard's lists.
struct DashboardMeasure {
  std::string title;     // "ID title", shortened
  std::string unit;      // the unit's name
  std::string deadline;  // dd.mm.yyyy
  std::string updated;   // dd.mm.yyyy
  int days = 0;          // overdue: days past; due soon: days left; stale: days since the update
  int moves = 0;         // how often its deadline has moved
  std::vector<AnswerLine> answer;
};

struct DashboardMove {
  std::string title;
  std::string unit;
  std::string from;
  std::string to;
  std::string reason;
  int total = 0;
};

// A unit's deadline request waiting for the approvers (docs/answers.md).
struct DashboardRequest {
  std::string title;
  std::string unit;
  std::string from;  // dd.mm.yyyy
  std::string to;
  std::string reason;
  std::string asked;  // the day it was asked
};

struct DashboardView {
  Language lang = Language::kNb;
  Date today;
  std::string unit_name;  // a unit's token sees only that unit's measures
  std::string form_key;   // the logout form's anti-forgery value
  int soon_days = 14;
  int stale_days = 30;
  std::vector<DashboardArea> areas;
  std::vector<DashboardMeasure> overdue;
  std::vector<DashboardMeasure> due_soon;
  std::vector<DashboardMeasure> stale;
  std::vector<DashboardMeasure> cancelled;  // since the previous digest
  Date cancelled_since;
  std::vector<DashboardMove> moved;        // in the last 30 days, newest first
  std::vector<DashboardRequest> requests;  // pending, oldest first
  std::vector<WeekCount> weeks;            // overdue week by week, oldest first
};

// The page's <body> content.
std::string DashboardBody(const DashboardView& v);

// The charts (dashboard_charts.cc): inline SVG with role="img" and a text alternative; the
// same numbers are in tables beside them.
// The patterns and colours the bars use, once per page.
std::string ChartDefinitions();
// One area's bar of on track, due soon, overdue and done; `names` say what each part is.
std::string StandingBar(int index, const DashboardArea& area,
                        const std::array<std::string, 4>& names, Language lang);
// The legend of the bars: each pattern with its name.
std::string StandingLegend(const std::array<std::string, 4>& names);
// Columns of the overdue measures, week by week.
std::string WeeklyChart(const std::vector<WeekCount>& weeks, Language lang);
// "uke 48 2026" / "week 48 2026": a week by its last day.
std::string WeekName(Date last_day, Language lang);

}  // namespace fristvakt

#endif  // FRISTVAKT_DAEMON_HTTP_DASHBOARD_PAGE_H_
