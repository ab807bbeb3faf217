// The bodies of the three webhook formats (docs/messages.md): fristvakt's own JSON, a Teams
// Adaptive Card message as Teams workflow webhooks accept it, and Slack's text + blocks (which
// Mattermost and Rocket.Chat read too).
#include <cctype>

#include "notifiers/render.h"
#include "rules/json_text.h"

namespace fristvakt {
namespace {

using nlohmann::ordered_json;

// Slack's mrkdwn gives &, < and > a meaning; input must not (a title like "<!channel>").
std::string SlackEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Adaptive Cards read a TextBlock's and a fact's text as Markdown: a title such as
// "[Logg inn](https://evil.example)" would become a link, "**x**" bold. Every character that
// Markdown gives a meaning gets a backslash, which the cards' Markdown takes away again; a line
// that would start a list or a heading has its marker escaped likewise.
std::string TeamsEscape(const std::string& s) {
  static constexpr std::string_view kSpecial = "\\`*_[]()~";
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (kSpecial.find(c) != std::string_view::npos) {
      out.push_back('\\');
    } else if (line_start && std::string_view("-+#>=").find(c) != std::string_view::npos) {
      out.push_back('\\');
    } else if (c == '.' && i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) {
      // "1. " numbers a list only at the start of a line; "2.5" elsewhere stays as it is.
      size_t start = i;
      while (start > 0 && std::isdigit(static_cast<unsigned char>(s[start - 1]))) --start;
      if (start == 0 || s[start - 1] == '\n') out.push_back('\\');
    }
    out.push_back(c);
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  return out;
}

// Label and value pairs shown beside the text: the measure's facts.
std::vector<std::pair<std::string, std::string>> Facts(const ordered_json& body, Language lang) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (!body.contains("measure")) return facts;
  const ordered_json& m = body["measure"];
  auto deadline = ParseDate(m.value("deadline", ""));
  facts.push_back({Tr(lang, "Tiltak", "Measure"), m.value("id", "") + " " + m.value("title", "")});
  facts.push_back(
      {Tr(lang, "Satsningsområde", "Focus area"), body["focus_area"].value("title", "")});
  facts.push_back({Tr(lang, "Frist", "Deadline"),
                   deadline ? FormatNorwegianDate(*deadline) : m.value("deadline", "")});
  facts.push_back(
      {Tr(lang, "Fremdrift", "Progress"), std::to_string(m.value("progress", 0)) + " %"});
  return facts;
}

}  // namespace

std::string Renderer::WebhookBody(const NoticeRecord& n, const Recipient& r, WebhookFormat format,
                                  const std::string& subject, const std::string& text,
                                  Timestamp now) const {
  ordered_json body = WebhookJson(n, r, text, now);
  if (format == WebhookFormat::kJson) return JsonText(body);
  const auto facts = Facts(body, config_.language);
  if (format == WebhookFormat::kTeams) {
    ordered_json fact_set = ordered_json::array();
    for (const auto& [title, value] : facts)
      fact_set.push_back({{"title", title}, {"value", TeamsEscape(value)}});
    ordered_json card_body = ordered_json::array();
    card_body.push_back({{"type", "TextBlock"},
                         {"text", TeamsEscape(subject)},
                         {"weight", "Bolder"},
                         {"size", "Medium"},
                         {"wrap", true}});
    card_body.push_back({{"type", "TextBlock"}, {"text", TeamsEscape(text)}, {"wrap", true}});
    if (!fact_set.empty()) card_body.push_back({{"type", "FactSet"}, {"facts", fact_set}});
    ordered_json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                         {"type", "AdaptiveCard"},
                         {"version", "1.4"},
                         {"body", card_body}};
    if (!n.action_url.empty()) {
      card["actions"] = ordered_json::array({{{"type", "Action.OpenUrl"},
                                              {"title", ActionTitle(n.kind, config_.language)},
                                              {"url", n.action_url}}});
    }
    ordered_json message = {
        {"type", "message"},
        {"attachments",
         ordered_json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                               {"contentUrl", nullptr},
                               {"content", card}}})}};
    return JsonText(message);
  }
  ordered_json blocks = ordered_json::array();
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", subject.substr(0, 150)}}}});
  blocks.push_back(
      {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", SlackEscape(text)}}}});
  if (!facts.empty()) {
    ordered_json fields = ordered_json::array();
    for (const auto& [title, value] : facts) {
      fields.push_back({{"type", "mrkdwn"}, {"text", "*" + title + "*\n" + SlackEscape(value)}});
    }
    blocks.push_back({{"type", "section"}, {"fields", fields}});
  }
  if (!n.action_url.empty()) {
    blocks.push_back(
        {{"type", "actions"},
         {"elements",
          ordered_json::array(
              {{{"type", "button"},
                {"text", {{"type", "plain_text"}, {"text", ActionTitle(n.kind, config_.language)}}},
                {"url", n.action_url}}})}});
  }
  ordered_json message = {{"text", SlackEscape(subject + "\n" + text)}, {"blocks", blocks}};
  return JsonText(message);
}

}  // namespace fristvakt
