// The built-in message templates. A unit leader reads these: short, polite, and saying what,
// which measure, which deadline, how many days, and what they can do. The HTML is universally
// designed: real headings, tables with header cells, dark text on white (contrast above 7:1),
// no meaning carried by colour alone, no images.
#include "notifiers/builtin_templates.h"

#include <vector>

namespace fristvakt {
namespace {

struct Words {
  const char* lang;
  const char* hello;
  const char* measure_caption;
  const char* measure;
  const char* area;
  const char* responsible;
  const char* deadline;
  const char* status;
  const char* progress_done;
  const char* what_now;
  const char* action_update;
  const char* action_ack;
  const char* action_move;
  // To a group: what the unit has said, and the one thing the group itself can do.
  const char* answer_heading;
  const char* no_answer;
  const char* group_action;
  const char* regards;
  const char* automatic;
  // Per kind: subject, heading, intro.
  const char* kinds[5][3];
  // The digest.
  const char* digest_subject;
  const char* digest_heading;
  const char* digest_intro;
  const char* digest_empty;
  const char* digest_columns[6];
};

constexpr const char* kKinds[] = {"reminder", "overdue", "escalation", "stale", "event"};

const Words kNb = {
    "nb",
    "Hei, {{recipient_name}}.",
    "Tiltaket",
    "Tiltak",
    "Satsningsområde",
    "Ansvar",
    "Frist",
    "Status",
    "% fullført",
    "Hva kan dere gjøre?",
    "Oppdater status og fremdrift når noe er gjort.",
    "Kvitter for varselet hvis dere har saken under kontroll; da stopper påminnelsene om "
    "forsinkelse.",
    "Trenger dere mer tid? Flytt fristen og skriv en kort begrunnelse.",
    "Hva har enheten sagt?",
    "{{responsible_name}} har ikke skrevet en kommentar, kvittert for varslene eller flyttet "
    "fristen.",
    "Ta saken opp med {{responsible_name}}, gjerne i neste ledermøte.",
    "Vennlig hilsen\nfristvakt",
    "Denne e-posten er sendt automatisk. Referanse: {{key}}",
    {{"{{#due_today}}Frist i dag{{/due_today}}{{^due_today}}Frist {{deadline}}{{/due_today}}: "
      "{{measure_title}}",
      "Påminnelse om frist", "Fristen for dette tiltaket er {{days_text}}."},
     {"Over fristen: {{measure_title}}", "Fristen er passert",
      "Fristen for dette tiltaket var {{deadline}}, for {{days_text}} siden, og tiltaket er ikke "
      "registrert som fullført."},
     {"Eskalering, over fristen: {{measure_title}} ({{responsible_name}})", "Tiltak over fristen",
      "Dette tiltaket hadde frist {{deadline}}, for {{days_text}} siden, og er ikke registrert "
      "som fullført. {{responsible_name}} har ansvaret."},
     {"Ikke oppdatert på {{days_since_update}} dager: {{measure_title}}",
      "Tiltaket er ikke oppdatert",
      "Tiltaket er ikke oppdatert siden {{last_update}}, for {{days_since_update}} dager siden. "
      "Gi gjerne en kort statusoppdatering."},
     {"Endring: {{measure_title}}", "Endring i et tiltak", "{{event_text}}"}},
    "Oversikt over tiltakene {{date}}",
    "Oversikt over tiltakene",
    "Her er oversikten over tiltakene per {{date}}.",
    "Ingen tiltak å melde om denne gangen.",
    {"Tiltak", "Ansvar", "Frist", "Merknad", "Sist oppdatert", "Frist flyttet"},
};

const Words kEn = {
    "en",
    "Dear {{recipient_name}},",
    "The measure",
    "Measure",
    "Focus area",
    "Responsible",
    "Deadline",
    "Status",
    "% done",
    "What can you do?",
    "Update the status and progress when something is done.",
    "Acknowledge this notice if the matter is in hand; the overdue reminders then stop.",
    "Need more time? Move the deadline and give a short reason.",
    "What has the unit said?",
    "{{responsible_name}} has not written a comment, acknowledged the notices or moved the "
    "deadline.",
    "Take the matter up with {{responsible_name}}, for instance at the next leadership meeting.",
    "Kind regards\nfristvakt",
    "This e-mail was sent automatically. Reference: {{key}}",
    {{"{{#due_today}}Due today{{/due_today}}{{^due_today}}Due {{deadline}}{{/due_today}}: "
      "{{measure_title}}",
      "Deadline reminder", "This measure is due {{days_text}}."},
     {"Overdue: {{measure_title}}", "The deadline has passed",
      "This measure was due {{deadline}}, {{days_text}} ago, and is not recorded as done."},
     {"Escalation, overdue: {{measure_title}} ({{responsible_name}})", "Measure overdue",
      "This measure was due {{deadline}}, {{days_text}} ago, and is not recorded as done. "
      "{{responsible_name}} is responsible."},
     {"Not updated for {{days_since_update}} days: {{measure_title}}",
      "The measure has not been updated",
      "This measure has not been updated since {{last_update}}, {{days_since_update}} days ago. "
      "A short status update would be welcome."},
     {"Change: {{measure_title}}", "A measure has changed", "{{event_text}}"}},
    "Measures overview {{date}}",
    "Measures overview",
    "Here is the overview of the measures as of {{date}}.",
    "Nothing to report this time.",
    {"Measure", "Responsible", "Deadline", "Note", "Last updated", "Deadline moved"},
};

constexpr const char* kBodyStyle =
    "margin:0;padding:16px;background:#ffffff;color:#1a1a1a;overflow-wrap:break-word;"
    "font-family:Calibri,Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5";
constexpr const char* kCell = "text-align:left;vertical-align:top;padding:4px 16px 4px 0";
constexpr const char* kNote = "font-size:14px;color:#4d4d4d";
// A digest's measure: its labels narrow, its values wrapping, long words broken.
constexpr const char* kLabel =
    "text-align:left;vertical-align:top;padding:2px 12px 2px 0;width:34%;font-weight:bold";
constexpr const char* kValue = "vertical-align:top;padding:2px 0;overflow-wrap:anywhere";

std::string Html(const Words& w, const std::string& heading, const std::string& content) {
  return std::string("<!DOCTYPE html>\n<html lang=\"") + w.lang +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>{{subject}}</title>\n</head>\n<body style=\"" +
         kBodyStyle +
         "\">\n<main style=\"max-width:680px\">\n<h1 style=\"font-size:22px;line-height:1.3;"
         "margin:0 0 16px\">" +
         heading + "</h1>\n<p>" + w.hello + "</p>\n" + content + "<p>" +
         [&] {
           std::string r = w.regards;
           return r.replace(r.find('\n'), 1, "<br>");
         }() +
         "</p>\n<p style=\"" + kNote + "\">" + w.automatic + "</p>\n</main>\n</body>\n</html>\n";
}

// What a unit can do about its measure.
std::vector<std::string> UnitActions(const Words& w) {
  return {w.action_update, w.action_ack, w.action_move};
}

// The end of a measure's notice in plain text: to a unit, what it can do; to a group, what the
// unit has said and what the group can do (docs/messages.md). A section that may be skipped
// never stands alone on its line: the Mustache library keeps that line's break when it skips
// the section, which would add blank lines.
std::string WhatNowText(const Words& w) {
  std::string unit;
  for (const std::string& a : UnitActions(w)) unit += "- " + a + "\n";
  return std::string("{{#to_group}}") + w.answer_heading +
         "\n{{#answered}}{{#answer}}- {{label}}: {{text}}\n{{/answer}}\n\n{{/answered}}"
         "{{^answered}}- " +
         w.no_answer + "\n\n{{/answered}}" + w.what_now + "\n- " + w.group_action +
         "\n\n{{/to_group}}{{^to_group}}" + w.what_now + "\n" + unit + "\n{{/to_group}}";
}

std::string MeasureText(const Words& w, const char* intro) {
  auto row = [](const char* label, const std::string& value) {
    std::string l = std::string(label) + ":";
    size_t width = 0;
    for (char c : l) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return l + std::string(width < 17 ? 17 - width : 1, ' ') + value + "\n";
  };
  return std::string(w.hello) + "\n\n" + intro + "\n\n" +
         row(w.measure, "{{measure_id}} {{measure_title}}") + row(w.area, "{{focus_area}}") +
         row(w.responsible, "{{responsible_name}}") +
         row(w.deadline, "{{deadline}} ({{days_note}})") +
         row(w.status, std::string("{{status}}, {{progress}} ") + w.progress_done) + "\n" +
         WhatNowText(w) + w.regards + "\n\n" + w.automatic + "\n";
}

constexpr const char* kH2 = "<h2 style=\"font-size:18px;margin:24px 0 8px\">";

std::string WhatNowHtml(const Words& w) {
  std::string unit;
  for (const std::string& a : UnitActions(w)) unit += "<li>" + a + "</li>\n";
  return std::string("{{#to_group}}\n") + kH2 + w.answer_heading +
         "</h2>\n{{#answered}}\n<ul>\n{{#answer}}\n<li><strong>{{label}}:</strong> "
         "{{text}}</li>\n{{/answer}}\n</ul>\n{{/answered}}\n{{^answered}}\n<p>" +
         w.no_answer + "</p>\n{{/answered}}\n" + kH2 + w.what_now + "</h2>\n<ul>\n<li>" +
         w.group_action + "</li>\n</ul>\n{{/to_group}}\n{{^to_group}}\n" + kH2 + w.what_now +
         "</h2>\n<ul>\n" + unit + "</ul>\n{{/to_group}}\n";
}

std::string MeasureHtml(const Words& w, const char* heading, const char* intro) {
  auto row = [](const char* label, const std::string& value) {
    return std::string("<tr><th scope=\"row\" style=\"") + kCell + "\">" + label +
           "</th><td style=\"padding:4px 0\">" + value + "</td></tr>\n";
  };
  std::string content = std::string("<p>") + intro +
                        "</p>\n<table style=\"border-collapse:collapse;margin:16px 0\">\n" +
                        "<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px\">" +
                        w.measure_caption + "</caption>\n<tbody>\n" +
                        row(w.measure, "{{measure_id}} {{measure_title}}") +
                        row(w.area, "{{focus_area}}") + row(w.responsible, "{{responsible_name}}") +
                        row(w.deadline, "{{deadline}} ({{days_note}})") +
                        row(w.status, std::string("{{status}}, {{progress}} ") + w.progress_done) +
                        "</tbody>\n</table>\n" + WhatNowHtml(w);
  return Html(w, heading, content);
}

// One line per measure, then the unit's answer indented below it (each move of the deadline
// among it).
std::string DigestText(const Words& w) {
  return std::string(w.hello) + "\n\n" + w.digest_intro + "\n{{#empty}}\n" + w.digest_empty +
         "\n{{/empty}}\n{{#areas}}\n\n== {{title}} ==\n{{#sections}}\n\n{{title}}:\n{{#items}}\n"
         "- {{id}} {{measure_title}}; {{responsible}}; " +
         w.deadline + " {{deadline}}; {{note}}{{#moved}}; " + w.digest_columns[5] +
         ": {{moves_total}}{{/moved}}\n{{#answer}}  {{label}}: {{text}}\n{{/answer}}"
         "{{/items}}\n{{/sections}}\n{{/areas}}\n\n" +
         w.regards + "\n\n" + w.automatic + "\n";
}

// Each measure is a block of its own: a heading and two-column rows of label and value, which
// fit a phone's 390 px as well as Outlook's reading pane (a six-column table did not).
std::string DigestHtml(const Words& w) {
  auto row = [](const char* label, const std::string& value) {
    return std::string("<tr><th scope=\"row\" style=\"") + kLabel + "\">" + label +
           "</th><td style=\"" + kValue + "\">" + value + "</td></tr>\n";
  };
  std::string content =
      std::string("<p>") + w.digest_intro + "</p>\n{{#empty}}\n<p>" + w.digest_empty +
      "</p>\n{{/empty}}\n{{#areas}}\n<h2 style=\"font-size:20px;margin:28px 0 "
      "8px\">{{title}}</h2>\n"
      "{{#sections}}\n<h3 style=\"font-size:17px;margin:20px 0 4px\">{{title}}</h3>\n"
      "{{#items}}\n<div style=\"border-top:1px solid #767676;padding:8px 0 4px\">\n"
      "<h4 style=\"font-size:16px;margin:0 0 4px\">{{id}} {{measure_title}}</h4>\n"
      "<table style=\"border-collapse:collapse;width:100%\">\n<tbody>\n" +
      row(w.digest_columns[1], "{{responsible}}") + row(w.deadline, "{{deadline}}") +
      row(w.digest_columns[3], "{{note}}") + row(w.digest_columns[4], "{{updated}}") +
      "{{#answer}}\n" + row("{{label}}", "{{text}}") + "{{/answer}}\n" +
      "</tbody>\n</table>\n</div>\n{{/items}}\n{{/sections}}\n{{/areas}}\n";
  return Html(w, w.digest_heading, content);
}

}  // namespace

std::map<std::string, std::string> BuiltinTemplates(Language lang) {
  const Words& w = lang == Language::kNb ? kNb : kEn;
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < 5; ++i) {
    const std::string kind = kKinds[i];
    out[kind + ".subject"] = w.kinds[i][0];
    out[kind + ".text"] = MeasureText(w, w.kinds[i][2]);
    out[kind + ".html"] = MeasureHtml(w, w.kinds[i][1], w.kinds[i][2]);
  }
  out["digest.subject"] = w.digest_subject;
  out["digest.text"] = DigestText(w);
  out["digest.html"] = DigestHtml(w);
  return out;
}

}  // namespace fristvakt
