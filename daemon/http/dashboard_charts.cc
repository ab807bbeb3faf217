// The dashboard's charts, as inline SVG drawn on the server. Each is an image to assistive
// technology (role="img", its numbers in its <title>), and its numbers are also in a table.
// Colours keep at least 3:1 against the white between and around them (WCAG 2.1, 1.4.11), and
// each standing has a pattern of its own, so that no meaning rests on colour alone.
#include <date/iso_week.h>

#include <algorithm>
#include <sstream>

#include "daemon/http/dashboard_page.h"

namespace fristvakt {
namespace {

struct Look {
  const char* id;
  const char* colour;
};

// On track, due soon, overdue, done: solid, dotted, striped, cross-hatched.
constexpr Look kLooks[4] = {
    {"fv-on-track", "#1f5f99"},  // 6.5:1 against white
    {"fv-due-soon", "#8a5a00"},  // 5.6:1
    {"fv-overdue", "#a30000"},   // 7.9:1
    {"fv-done", "#2e6b30"},      // 6.3:1
};

std::string Percent(double x) {
  std::ostringstream out;
  out.precision(4);
  out << x << "%";
  return out.str();
}

// 1, 2, 5, 10, 20, 50 ...: the least of them that is at least `n`.
int NiceCeiling(int n) {
  int step = 1;
  while (true) {
    for (int f : {1, 2, 5}) {
      if (f * step >= n) return f * step;
    }
    step *= 10;
  }
}

}  // namespace

std::string WeekName(Date last_day, Language lang) {
  const iso_week::year_weeknum_weekday w{last_day};
  return Tr(lang, "uke ", "week ") + std::to_string(unsigned(w.weeknum())) + " " +
         std::to_string(int(w.year()));
}

std::string ChartDefinitions() {
  return std::string(
             "<svg width=\"0\" height=\"0\" class=\"defs\" aria-hidden=\"true\" "
             "focusable=\"false\"><defs>\n") +
         "<pattern id=\"fv-on-track\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
         "<rect width=\"8\" height=\"8\" fill=\"" +
         kLooks[0].colour +
         "\"/></pattern>\n"
         "<pattern id=\"fv-due-soon\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
         "<rect width=\"8\" height=\"8\" fill=\"" +
         kLooks[1].colour +
         "\"/><circle cx=\"4\" cy=\"4\" r=\"1.7\" fill=\"#fff\"/></pattern>\n"
         "<pattern id=\"fv-overdue\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"" +
         kLooks[2].colour +
         "\"/><rect width=\"2.5\" height=\"8\" fill=\"#fff\"/></pattern>\n"
         "<pattern id=\"fv-done\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
         "<rect width=\"8\" height=\"8\" fill=\"" +
         kLooks[3].colour +
         "\"/><path d=\"M0 4H8M4 0V8\" stroke=\"#fff\" stroke-width=\"1.5\"/></pattern>\n"
         "</defs></svg>\n";
}

std::string StandingLegend(const std::array<std::string, 4>& names) {
  std::string out = "<ul class=\"legend\">\n";
  for (size_t i = 0; i < 4; ++i) {
    out += std::string(
               "<li><svg width=\"28\" height=\"18\" aria-hidden=\"true\" "
               "focusable=\"false\"><rect width=\"28\" height=\"18\" fill=\"url(#") +
           kLooks[i].id + ")\"/></svg> " + HtmlEscape(names[i]) + "</li>\n";
  }
  return out + "</ul>\n";
}

std::string StandingBar(int index, const DashboardArea& area,
                        const std::array<std::string, 4>& names, Language lang) {
  int total = 0;
  for (int n : area.counts) total += n;
  std::string label = area.title + ": ";
  std::string parts;
  for (size_t i = 0; i < 4; ++i) {
    parts += (i > 0 ? ", " : "") + std::to_string(area.counts[i]) + " " + names[i];
  }
  label += total == 0 ? Tr(lang, "ingen tiltak", "no measures") : parts;
  const std::string id = "fv-bar-" + std::to_string(index);
  std::string out =
      "<svg class=\"bar\" width=\"100%\" height=\"32\" role=\"img\" aria-labelledby=\"" + id +
      "\" focusable=\"false\"><title id=\"" + id + "\">" + HtmlEscape(label) + "</title>";
  if (total == 0) {
    out += "<rect x=\"1\" y=\"1\" width=\"99%\" height=\"30\" fill=\"none\" stroke=\"#767676\"/>";
  }
  double x = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (area.counts[i] == 0) continue;
    const double width = 100.0 * area.counts[i] / total;
    // A white edge parts each segment from the next.
    out += "<rect x=\"" + Percent(x) + "\" y=\"0\" width=\"" + Percent(width) +
           "\" height=\"32\" fill=\"url(#" + kLooks[i].id +
           ")\" stroke=\"#fff\" stroke-width=\"2\"/>";
    x += width;
  }
  return out + "</svg>\n";
}

std::string WeeklyChart(const std::vector<WeekCount>& weeks, Language lang) {
  if (weeks.empty()) return "";
  constexpr int kWidth = 720, kHeight = 260, kLeft = 44, kRight = 8, kTop = 12, kBottom = 44;
  const int plot_w = kWidth - kLeft - kRight;
  const int plot_h = kHeight - kTop - kBottom;
  auto highest = weeks.begin();
  for (auto it = weeks.begin(); it != weeks.end(); ++it) {
    if (it->overdue > highest->overdue) highest = it;
  }
  // Four equal steps of a round size.
  const int top = 4 * NiceCeiling(std::max(1, (highest->overdue + 3) / 4));
  const std::string title = Tr(lang, "Tiltak over fristen uke for uke, siste ",
                               "Measures overdue week by week, the last ") +
                            std::to_string(weeks.size()) + Tr(lang, " uker", " weeks");
  const std::string desc =
      WeekName(weeks.front().last_day, lang) + ": " + std::to_string(weeks.front().overdue) + "; " +
      Tr(lang, "høyest ", "highest ") + std::to_string(highest->overdue) + Tr(lang, " i ", " in ") +
      WeekName(highest->last_day, lang) + "; " + Tr(lang, "nå", "now") + " (" +
      WeekName(weeks.back().last_day, lang) + "): " + std::to_string(weeks.back().overdue) + ".";
  std::ostringstream out;
  out << "<svg class=\"weekly\" viewBox=\"0 0 " << kWidth << " " << kHeight
      << "\" role=\"img\" aria-labelledby=\"fv-weekly-title fv-weekly-desc\" focusable=\"false\">"
      << "<title id=\"fv-weekly-title\">" << HtmlEscape(title)
      << "</title><desc id=\"fv-weekly-desc\">" << HtmlEscape(desc) << "</desc>\n";
  // Grid lines and their values: 0, a quarter, a half, three quarters, the top.
  for (int i = 0; i <= 4; ++i) {
    const int value = top * i / 4;
    const double y = kTop + plot_h - static_cast<double>(plot_h) * value / top;
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kWidth - kRight << "\" y1=\"" << y << "\" y2=\""
        << y << "\" stroke=\"#767676\" stroke-width=\"" << (i == 0 ? 2 : 1) << "\"/><text x=\""
        << kLeft - 6 << "\" y=\"" << y + 5
        << "\" text-anchor=\"end\" font-size=\"15\" fill=\"#1a1a1a\">" << value << "</text>\n";
  }
  const double slot = static_cast<double>(plot_w) / weeks.size();
  unsigned last_month = 0;
  for (size_t i = 0; i < weeks.size(); ++i) {
    const WeekCount& w = weeks[i];
    const double x = kLeft + slot * i;
    const double h = static_cast<double>(plot_h) * w.overdue / top;
    if (w.overdue > 0) {
      out << "<rect x=\"" << x + slot * 0.15 << "\" y=\"" << kTop + plot_h - h << "\" width=\""
          << slot * 0.7 << "\" height=\"" << h << "\" fill=\"url(#fv-overdue)\"/>";
    }
    // The month under the first week that ends in it.
    const date::year_month_day ymd{w.last_day};
    const unsigned month = unsigned(ymd.month());
    if (month != last_month && i + 2 < weeks.size()) {
      static const char* kNb[] = {"jan", "feb", "mar", "apr", "mai", "jun",
                                  "jul", "aug", "sep", "okt", "nov", "des"};
      static const char* kEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      out << "<text x=\"" << x << "\" y=\"" << kHeight - kBottom + 20
          << "\" font-size=\"15\" fill=\"#1a1a1a\">"
          << (lang == Language::kEn ? kEn : kNb)[month - 1] << "</text>";
      // The year under January, and under the first month unless January follows soon.
      if (month == 1 || (i == 0 && month <= 10)) {
        out << "<text x=\"" << x << "\" y=\"" << kHeight - kBottom + 38
            << "\" font-size=\"15\" fill=\"#1a1a1a\">" << int(ymd.year()) << "</text>";
      }
      last_month = month;
    }
    out << "\n";
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace fristvakt
