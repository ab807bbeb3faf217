// The built-in message templates. A unit leader reads these: short, polite, and saying what,
// which measure, which deadline, how many days, and what they can do. The HTML is universally
// designed: real headings, tables with header cells, dark text on white (contrast above 7:1),
// no meaning carried by colour alone, no images.
#include "notifiers/builtin_templates.h"

#include <functional>
#include <iterator>
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
  const char* escalation_actions[2];  // for the leadership group
  // With an answer link (docs/answers.md): what the link is for, its label, a word of care.
  const char* link_intro;
  const char* link_label;
  const char* link_note;
  const char* approve_intro;
  const char* approve_label;
  // To a group: what the unit has said, and the one thing the group itself can do.
  const char* answer_heading;
  const char* no_answer;
  const char* group_action;
  const char* regards;
  const char* automatic;
  // Per kind: subject, heading, intro.
  const char* kinds[6][3];
  // The digest.
  const char* digest_subject;
  const char* digest_heading;
  const char* digest_intro;
  const char* digest_empty;
  const char* digest_columns[6];
};

constexpr const char* kKinds[] = {"reminder", "overdue", "escalation",
                                  "stale",    "event",   "approval"};

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
    {"Ta saken opp med {{responsible_name}}, gjerne i neste ledermøte.",
     "Enheten kan oppdatere status og fremdrift, kvittere for varselet eller flytte fristen med "
     "en begrunnelse."},
    "Svar på varselet med lenken: oppdater status og fremdrift, skriv en kommentar eller kvitter "
    "for varselet.{{#moves_request}} Trenger dere mer tid, kan dere be om ny frist med en kort "
    "begrunnelse; dere får beskjed når den er avgjort.{{/moves_request}}{{#moves_direct}} "
    "Trenger dere mer tid, kan dere flytte fristen med en kort begrunnelse.{{/moves_direct}}",
    "Svar på varselet",
    "Lenken gjelder bare dette tiltaket og bare for enheten. Ikke send den videre.",
    "Godkjenn eller avslå ønsket med lenken. Til dere har avgjort, står fristen {{deadline}}.",
    "Godkjenn eller avslå",
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
     {"Endring: {{measure_title}}", "Endring i et tiltak", "{{event_text}}"},
     {"Ønske om ny frist: {{measure_title}} ({{responsible_name}})", "Ønske om ny frist",
      "{{responsible_name}} ber om å flytte fristen for dette tiltaket fra {{deadline}} til "
      "{{requested_deadline}}. Begrunnelse: {{request_reason}}"}},
    "Oversikt over tiltakene {{date}}",
    "Oversikt over tiltakene",
    "Her er oversikten over tiltakene per {{date}}.",
    "Ingen tiltak å melde om denne gangen.",
    {"Tiltak", "Ansvar", "Frist", "Merknad", "Sist oppdatert", "Frist flyttet"},
};

// Nynorsk as nynorsk municipalities write it, not bokmål respelt.
const Words kNn = {
    "nn",
    "Hei, {{recipient_name}}.",
    "Tiltaket",
    "Tiltak",
    "Satsingsområde",
    "Ansvar",
    "Frist",
    "Status",
    "% fullført",
    "Kva kan de gjere?",
    "Oppdater status og framdrift når noko er gjort.",
    "Kvitter for varselet dersom de har saka under kontroll; då stoppar påminningane om "
    "forseinking.",
    "Treng de meir tid? Flytt fristen og skriv ei kort grunngiving.",
    {"Ta saka opp med {{responsible_name}}, gjerne på neste leiarmøte.",
     "Eininga kan oppdatere status og framdrift, kvittere for varselet eller flytte fristen med "
     "ei grunngiving."},
    "Svar på varselet med lenka: oppdater status og framdrift, skriv ein kommentar eller kvitter "
    "for varselet.{{#moves_request}} Treng de meir tid, kan de be om ny frist med ei kort "
    "grunngiving; de får melding når han er avgjord.{{/moves_request}}{{#moves_direct}} "
    "Treng de meir tid, kan de flytte fristen med ei kort grunngiving.{{/moves_direct}}",
    "Svar på varselet",
    "Lenka gjeld berre dette tiltaket og berre for eininga. Ikkje send ho vidare.",
    "Godkjenn eller avslå ønsket med lenka. Til de har avgjort, står fristen {{deadline}}.",
    "Godkjenn eller avslå",
    "Kva har eininga sagt?",
    "{{responsible_name}} har ikkje skrive ein kommentar, kvittert for varsla eller flytta "
    "fristen.",
    "Ta saka opp med {{responsible_name}}, gjerne på neste leiarmøte.",
    "Venleg helsing\nfristvakt",
    "Dette er ein automatisk e-post. Referanse: {{key}}",
    {{"{{#due_today}}Frist i dag{{/due_today}}{{^due_today}}Frist {{deadline}}{{/due_today}}: "
      "{{measure_title}}",
      "Påminning om frist", "Fristen for dette tiltaket er {{days_text}}."},
     {"Over fristen: {{measure_title}}", "Fristen er passert",
      "Fristen for dette tiltaket var {{deadline}}, for {{days_text}} sidan, og tiltaket er ikkje "
      "registrert som fullført."},
     {"Eskalering, over fristen: {{measure_title}} ({{responsible_name}})", "Tiltak over fristen",
      "Dette tiltaket hadde frist {{deadline}}, for {{days_text}} sidan, og er ikkje registrert "
      "som fullført. {{responsible_name}} har ansvaret."},
     {"Ikkje oppdatert på {{days_since_update}} dagar: {{measure_title}}",
      "Tiltaket er ikkje oppdatert",
      "Tiltaket er ikkje oppdatert sidan {{last_update}}, for {{days_since_update}} dagar sidan. "
      "Gje gjerne ei kort statusoppdatering."},
     {"Endring: {{measure_title}}", "Endring i eit tiltak", "{{event_text}}"},
     {"Ønske om ny frist: {{measure_title}} ({{responsible_name}})", "Ønske om ny frist",
      "{{responsible_name}} ber om å flytte fristen for dette tiltaket frå {{deadline}} til "
      "{{requested_deadline}}. Grunngiving: {{request_reason}}"}},
    "Oversikt over tiltaka {{date}}",
    "Oversikt over tiltaka",
    "Her er oversikta over tiltaka per {{date}}.",
    "Ingen tiltak å melde om denne gongen.",
    {"Tiltak", "Ansvar", "Frist", "Merknad", "Sist oppdatert", "Frist flytta"},
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
    {"Take the matter up with {{responsible_name}}, for instance at the next leadership meeting.",
     "The unit can update the status and progress, acknowledge the notice, or move the deadline "
     "with a reason."},
    "Answer this notice with the link: update the status and progress, write a comment or "
    "acknowledge the notice.{{#moves_request}} If you need more time, you can ask for a new "
    "deadline with a short reason; you will hear when it is decided.{{/moves_request}}"
    "{{#moves_direct}} If you need more time, you can move the deadline with a short "
    "reason.{{/moves_direct}}",
    "Answer the notice",
    "The link is for this measure and your unit only. Please do not pass it on.",
    "Approve or reject the request with the link. Until you decide, the deadline stays "
    "{{deadline}}.",
    "Approve or reject",
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
     {"Change: {{measure_title}}", "A measure has changed", "{{event_text}}"},
     {"New deadline requested: {{measure_title}} ({{responsible_name}})",
      "A new deadline is requested",
      "{{responsible_name}} asks to move the deadline of this measure from {{deadline}} to "
      "{{requested_deadline}}. Reason: {{request_reason}}"}},
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

// What a unit can do about its measure when its notice carries no link.
std::vector<std::string> UnitActions(const Words& w) {
  return {w.action_update, w.action_ack, w.action_move};
}

// The end of a measure's notice (docs/messages.md, docs/answers.md): to a group, what the unit
// has said; then what the reader can do: approvers decide through their link, a group follows
// the matter up, a unit answers through its link (or, without one, is told what it can do).
// `item` makes one entry of the list, `answer_link` and `approve_link` show the links. A
// section that may be skipped never stands alone on its line: the Mustache library keeps that
// line's break when it skips the section, which would add blank lines.
std::string Actions(const Words& w, const std::function<std::string(const std::string&)>& item,
                    const std::string& answer_link, const std::string& approve_link) {
  std::string out = "{{#has_approve_url}}" + item(std::string(w.approve_intro) + approve_link) +
                    "{{/has_approve_url}}{{^has_approve_url}}{{#to_group}}" + item(w.group_action) +
                    "{{/to_group}}{{^to_group}}{{#has_answer_url}}" +
                    item(std::string(w.link_intro) + answer_link) + item(w.link_note) +
                    "{{/has_answer_url}}{{^has_answer_url}}";
  for (const std::string& a : UnitActions(w)) out += item(a);
  return out + "{{/has_answer_url}}{{/to_group}}{{/has_approve_url}}";
}

std::string WhatNowText(const Words& w) {
  return std::string("{{#to_group}}") + w.answer_heading +
         "\n{{#answered}}{{#answer}}- {{label}}: {{text}}\n{{/answer}}\n\n{{/answered}}"
         "{{^answered}}- " +
         w.no_answer + "\n\n{{/answered}}{{/to_group}}" + w.what_now + "\n" +
         Actions(
             w, [](const std::string& a) { return "- " + a + "\n"; },
             std::string("\n  ") + w.link_label + ": {{answer_url}}",
             std::string("\n  ") + w.approve_label + ": {{approve_url}}") +
         // The list's closing tags stand on a line of their own, which Mustache takes away
         // with its line end.
         "\n\n";
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
  // A link stands out as a button, and its address is written out too, for a reader whose mail
  // program shows no links.
  auto button = [](const char* label, const char* url) {
    return std::string("<br><a href=\"") + url +
           "\" style=\"display:inline-block;margin:8px 0;padding:10px 16px;background:#0b3d91;"
           "color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px\">" +
           label + "</a><br><span style=\"font-size:14px;word-break:break-all\">" + url + "</span>";
  };
  return std::string("{{#to_group}}\n") + kH2 + w.answer_heading +
         "</h2>\n{{#answered}}\n<ul>\n{{#answer}}\n<li><strong>{{label}}:</strong> "
         "{{text}}</li>\n{{/answer}}\n</ul>\n{{/answered}}\n{{^answered}}\n<p>" +
         w.no_answer + "</p>\n{{/answered}}\n{{/to_group}}\n" + kH2 + w.what_now + "</h2>\n<ul>\n" +
         Actions(
             w, [](const std::string& a) { return "<li>" + a + "</li>\n"; },
             button(w.link_label, "{{answer_url}}"), button(w.approve_label, "{{approve_url}}")) +
         "</ul>\n";
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
  const Words& w = lang == Language::kNn ? kNn : lang == Language::kEn ? kEn : kNb;
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < std::size(kKinds); ++i) {
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
