// The dashboard's page: headings, tables with header cells and captions, text that states each
// state (never colour alone), large type for a meeting-room projector, tables and the weekly
// chart that scroll sideways on a phone, the bars of the focus areas that shrink to fit it.
#include "daemon/http/dashboard_page.h"

#include <sstream>

namespace fristvakt {
namespace {

constexpr const char* kStyle = R"(
body{margin:0;font-family:Calibri,Arial,Helvetica,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff;overflow-wrap:break-word}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:3px solid #1a1a1a}
h1{font-size:2rem;margin:0 0 .25rem}
h2{font-size:1.5rem;margin:2rem 0 .5rem}
.scroll,.chart{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .75rem .4rem 0;border-bottom:1px solid #767676}
thead th{border-bottom:2px solid #1a1a1a}
td.n,th.n{text-align:right}
td.answer{min-width:14rem}
.late{font-weight:bold}
a,button,summary{color:#0b3d91}
button,input{font-size:1rem;padding:.5rem .75rem}
:focus{outline:3px solid #0b3d91;outline-offset:2px}
.error{border-left:6px solid #a30000;padding:.5rem 1rem;background:#fdecec}
svg.defs{position:absolute}
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem}
.legend li{display:flex;align-items:center;gap:.4rem}
.area{margin:.25rem 0 .75rem}
.area p{margin:0 0 .15rem;font-weight:bold}
svg.bar{display:block}
svg.weekly{display:block;width:100%;min-width:36rem;height:auto}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;text-decoration:underline}
)";

// A table: a caption, column headers, rows of HTML whose first cell heads its row; a line
// saying there are none when empty.
std::string Table(Language lang, const std::string& caption,
                  const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows, size_t numeric_from,
                  size_t answer_column = 0) {
  if (rows.empty()) return "<p>" + Tr(lang, "Ingen.", "None.") + "</p>\n";
  std::string out = "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"" +
                    HtmlEscape(caption) + "\">\n<table>\n<caption>" + HtmlEscape(caption) +
                    "</caption>\n<thead><tr>";
  for (size_t i = 0; i < columns.size(); ++i) {
    const bool numeric = i >= numeric_from && i != answer_column;
    out += std::string("<th scope=\"col\"") + (numeric ? " class=\"n\"" : "") + ">" +
           HtmlEscape(columns[i]) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i == 0) {
        out += "<th scope=\"row\">" + row[i] + "</th>";
      } else {
        const char* cls = answer_column != 0 && i == answer_column ? " class=\"answer\""
                          : i >= numeric_from                      ? " class=\"n\""
                                                                   : "";
        out += std::string("<td") + cls + ">" + row[i] + "</td>";
      }
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</div>\n";
}

std::string AnswerCell(const std::vector<AnswerLine>& lines) {
  std::string out;
  for (const AnswerLine& line : lines) {
    out += (out.empty() ? "" : "<br>") + std::string("<strong>") + HtmlEscape(line.label) +
           ":</strong> " + HtmlEscape(line.text);
  }
  return out;
}

std::string N(int n) { return std::to_string(n); }

std::string AreasPart(const DashboardView& v) {
  const Language lang = v.lang;
  const std::string soon =
      Tr(lang, "frist innen ", "due within ") + N(v.soon_days) + Tr(lang, " dager", " days");
  const std::array<std::string, 4> names = {Tr(lang, "i rute", "on track"), soon,
                                            Tr(lang, "over fristen", "overdue"),
                                            Tr(lang, "fullført", "done")};
  std::string out =
      "<h2>" + Tr(lang, "Per satsningsområde", "By focus area") + "</h2>\n" + StandingLegend(names);
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < v.areas.size(); ++i) {
    const DashboardArea& a = v.areas[i];
    out += "<div class=\"area\">\n<p>" + HtmlEscape(a.title) + "</p>\n" +
           StandingBar(static_cast<int>(i), a, names, lang) + "</div>\n";
    rows.push_back(
        {HtmlEscape(a.title), N(a.counts[0]), N(a.counts[1]), N(a.counts[2]), N(a.counts[3])});
  }
  return out + Table(lang, Tr(lang, "Antall tiltak per satsningsområde", "Measures by focus area"),
                     {Tr(lang, "Satsningsområde", "Focus area"), Tr(lang, "I rute", "On track"),
                      Tr(lang, "Frist innen ", "Due within ") + N(v.soon_days) +
                          Tr(lang, " dager", " days"),
                      Tr(lang, "Over fristen", "Overdue"), Tr(lang, "Fullført", "Done")},
                     rows, 1);
}

std::string WeeklyPart(const DashboardView& v) {
  const Language lang = v.lang;
  const std::string heading = Tr(lang, "Over fristen uke for uke", "Overdue week by week");
  std::vector<std::vector<std::string>> rows;
  for (const WeekCount& w : v.weeks) {
    rows.push_back(
        {HtmlEscape(WeekName(w.last_day, lang)), FormatNorwegianDate(w.last_day), N(w.overdue)});
  }
  return "<h2>" + heading + "</h2>\n<p>" +
         Tr(lang,
            "Hvor mange åpne tiltak som hadde passert fristen ved slutten av hver uke, det siste "
            "året (denne uken: per i dag).",
            "How many open measures were past their deadline at the end of each week, over the "
            "last year (this week: as of today).") +
         "</p>\n<div class=\"chart\" role=\"region\" tabindex=\"0\" aria-label=\"" +
         HtmlEscape(heading) + "\">\n" + WeeklyChart(v.weeks, lang) +
         "</div>\n<details>\n<summary>" +
         Tr(lang, "Tallene uke for uke", "The numbers week by week") + "</summary>\n" +
         Table(lang, heading,
               {Tr(lang, "Uke", "Week"), Tr(lang, "Ukens siste dag", "Last day of the week"),
                Tr(lang, "Over fristen", "Overdue")},
               rows, 2) +
         "</details>\n";
}

std::vector<std::vector<std::string>> MeasureRows(const std::vector<DashboardMeasure>& list,
                                                  bool with_moves) {
  std::vector<std::vector<std::string>> rows;
  for (const DashboardMeasure& m : list) {
    std::vector<std::string> row = {HtmlEscape(m.title), HtmlEscape(m.unit), m.deadline, N(m.days)};
    if (with_moves) row.push_back(N(m.moves));
    row.push_back(m.updated);
    row.push_back(AnswerCell(m.answer));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string DashboardPage(Language lang, const std::string& title, const std::string& body) {
  return HtmlPage(lang, title, body, kStyle);
}

std::string DashboardBody(const DashboardView& v) {
  const Language lang = v.lang;
  const std::string days = Tr(lang, " dager", " days");
  const std::string soon = N(v.soon_days) + days;
  const std::string stale = N(v.stale_days) + days;
  const std::string answer = Tr(lang, "Enhetens svar", "The unit's answer");
  std::vector<std::vector<std::string>> moved;
  for (const DashboardMove& m : v.moved) {
    moved.push_back(
        {HtmlEscape(m.title), HtmlEscape(m.unit), m.from, m.to, HtmlEscape(m.reason), N(m.total)});
  }
  std::vector<std::vector<std::string>> requests;
  for (const DashboardRequest& r : v.requests) {
    requests.push_back(
        {HtmlEscape(r.title), HtmlEscape(r.unit), r.from, r.to, HtmlEscape(r.reason), r.asked});
  }
  std::vector<std::vector<std::string>> cancelled;
  for (const DashboardMeasure& m : v.cancelled) {
    cancelled.push_back(
        {HtmlEscape(m.title), HtmlEscape(m.unit), m.deadline, m.updated, AnswerCell(m.answer)});
  }
  std::vector<std::vector<std::string>> stale_rows;
  for (const DashboardMeasure& m : v.stale) {
    stale_rows.push_back({HtmlEscape(m.title), HtmlEscape(m.unit), m.updated, N(m.days)});
  }
  const std::string measure = Tr(lang, "Tiltak", "Measure");
  const std::string unit = Tr(lang, "Ansvar", "Responsible");
  const std::string deadline = Tr(lang, "Frist", "Deadline");
  const std::string updated = Tr(lang, "Sist oppdatert", "Last updated");
  std::ostringstream body;
  body << ChartDefinitions() << "<header>\n<h1>"
       << Tr(lang, "Oppfølging av handlingsplanene", "Follow-up of the action plans")
       << "</h1>\n<p>" << Tr(lang, "Status per ", "Status as of ") << FormatNorwegianDate(v.today)
       << (v.unit_name.empty() ? std::string()
                               : Tr(lang, ", for ", ", for ") + HtmlEscape(v.unit_name))
       << ".</p>\n</header>\n<main>\n"
       << AreasPart(v) << WeeklyPart(v) << "<h2>" << Tr(lang, "Over fristen", "Overdue")
       << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak over fristen", "Measures overdue"),
                {measure, unit, deadline, Tr(lang, "Dager over fristen", "Days overdue"),
                 Tr(lang, "Frist flyttet (ganger)", "Deadline moved (times)"), updated, answer},
                MeasureRows(v.overdue, true), 3, 6)
       << "<h2>" << Tr(lang, "Frist innen ", "Due within ") << soon << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak med frist innen ", "Measures due within ") + soon,
                {measure, unit, deadline, Tr(lang, "Dager igjen", "Days left"), updated, answer},
                MeasureRows(v.due_soon, false), 3, 5)
       << "<h2>" << Tr(lang, "Avbrutt siden forrige oversikt", "Cancelled since the last overview")
       << "</h2>\n<p>" << Tr(lang, "Siden ", "Since ") << FormatNorwegianDate(v.cancelled_since)
       << ".</p>\n"
       << Table(lang, Tr(lang, "Avbrutte tiltak", "Cancelled measures"),
                {measure, unit, deadline, Tr(lang, "Avbrutt", "Cancelled"), answer}, cancelled, 5,
                4)
       << "<h2>" << Tr(lang, "Ønsker om ny frist", "Deadline requests") << "</h2>\n<p>"
       << Tr(lang, "Venter på avgjørelse; til da står fristen.",
             "Waiting for a decision; until then the deadline stands.")
       << "</p>\n"
       << Table(lang, Tr(lang, "Ønsker om ny frist som venter", "Deadline requests waiting"),
                {measure, unit, Tr(lang, "Frist nå", "Deadline now"),
                 Tr(lang, "Ønsket frist", "Requested deadline"), Tr(lang, "Begrunnelse", "Reason"),
                 Tr(lang, "Spurt", "Asked")},
                requests, 6)
       << "<h2>"
       << Tr(lang, "Fristen flyttet siste 30 dager", "Deadlines moved in the last 30 days")
       << "</h2>\n"
       << Table(lang, Tr(lang, "Flyttede frister", "Moved deadlines"),
                {measure, unit, Tr(lang, "Fra", "From"), Tr(lang, "Til", "To"),
                 Tr(lang, "Begrunnelse", "Reason"), Tr(lang, "Ganger i alt", "Times in all")},
                moved, 5)
       << "<h2>" << Tr(lang, "Ikke oppdatert på ", "Not updated for ") << stale << "</h2>\n"
       << Table(lang, Tr(lang, "Tiltak uten oppdatering", "Measures without an update"),
                {measure, unit, updated, Tr(lang, "Dager siden", "Days since")}, stale_rows, 3)
       << "</main>\n<footer>\n<form method=\"post\" action=\"/logout\">"
       << "<input type=\"hidden\" name=\"form_key\" value=\"" << v.form_key << "\">"
       << "<button type=\"submit\">" << Tr(lang, "Logg ut", "Log out")
       << "</button></form>\n</footer>\n";
  return body.str();
}

}  // namespace fristvakt
