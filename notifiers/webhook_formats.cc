// The bodies of the three webhook formats (docs/messages.md): fristvakt's own JSON, a Teams
// Adaptive Card message as Teams workflow webhooks accept it, and Slack's text + blocks (which
// Mattermost and Rocket.Chat read too).
#include <cctype>

#include "notifiers/render.h"
#include "notifiers/render_data.h"
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
  auto deadline = ParseDate(TextMember(m, "deadline"));
  facts.push_back(
      {Tr(lang, "Tiltak", "Measure"), TextMember(m, "id") + " " + TextMember(m, "title")});
  facts.push_back({Tr(lang, "Satsningsområde", "Focus area"),
                   TextMember(MemberOrEmpty(body, "focus_area"), "title")});
  facts.push_back({Tr(lang, "Frist", "Deadline"),
                   deadline ? FormatNorwegianDate(*deadline) : TextMember(m, "deadline")});
  facts.push_back(
      {Tr(lang, "Fremdrift", "Progress"), std::to_string(IntMember(m, "progress")) + " %"});
  return facts;
}

ordered_json TeamsText(const std::string& text, const char* size = nullptr, bool bold = false) {
  ordered_json block = {{"type", "TextBlock"}, {"text", TeamsEscape(text)}, {"wrap", true}};
  if (size != nullptr) block["size"] = size;
  if (bold) block["weight"] = "Bolder";
  return block;
}

// The Adaptive Card's body of a digest: a heading per focus area and per section, and per
// measure a container with its title and its facts, the unit's answer among them.
ordered_json TeamsDigestBody(const DigestView& view, const std::string& subject, Language lang) {
  ordered_json body = ordered_json::array();
  body.push_back(TeamsText(subject, "Medium", true));
  if (view.empty()) {
    body.push_back(TeamsText(
        Tr(lang, "Ingen tiltak å melde om denne gangen.", "Nothing to report this time.")));
  }
  for (const DigestAreaView& area : view.areas) {
    ordered_json heading = TeamsText(area.title, "Large", true);
    heading["separator"] = true;
    heading["spacing"] = "Large";
    body.push_back(heading);
    for (const DigestSectionView& section : area.sections) {
      body.push_back(TeamsText(section.title + " (" + std::to_string(section.items.size()) + ")",
                               "Medium", true));
      for (const DigestItemView& item : section.items) {
        ordered_json facts = ordered_json::array();
        for (const AnswerLine& f : DigestItemFacts(item, lang)) {
          facts.push_back({{"title", f.label}, {"value", TeamsEscape(f.text)}});
        }
        body.push_back(
            {{"type", "Container"},
             {"separator", true},
             {"items", ordered_json::array({TeamsText(item.id + " " + item.title, nullptr, true),
                                            {{"type", "FactSet"}, {"facts", facts}}})}});
      }
    }
  }
  return body;
}

// Slack allows 50 blocks in a message and 3,000 characters in a section's text.
constexpr size_t kSlackBlocks = 50;
constexpr size_t kSlackText = 3000;

ordered_json SlackSection(std::string mrkdwn) {
  if (mrkdwn.size() > kSlackText) {
    size_t cut = kSlackText - 3;
    while (cut > 0 && (static_cast<unsigned char>(mrkdwn[cut]) & 0xC0) == 0x80) --cut;
    mrkdwn = mrkdwn.substr(0, cut) + "...";
  }
  return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", std::move(mrkdwn)}}}};
}

// A digest's blocks: a header per focus area, a section per section title and per measure;
// what does not fit Slack's limit is counted in a last line.
ordered_json SlackDigestBlocks(const DigestView& view, const std::string& subject, Language lang) {
  std::vector<ordered_json> blocks;
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", subject.substr(0, 150)}}}});
  if (view.empty()) {
    blocks.push_back(SlackSection(
        Tr(lang, "Ingen tiltak å melde om denne gangen.", "Nothing to report this time.")));
  }
  size_t left_out = 0;
  for (const DigestAreaView& area : view.areas) {
    std::vector<ordered_json> area_blocks;
    area_blocks.push_back(
        {{"type", "header"},
         {"text", {{"type", "plain_text"}, {"text", area.title.substr(0, 150)}}}});
    for (const DigestSectionView& section : area.sections) {
      area_blocks.push_back(SlackSection("*" + SlackEscape(section.title) + "*"));
      for (const DigestItemView& item : section.items) {
        if (blocks.size() + area_blocks.size() >= kSlackBlocks - 1) {
          ++left_out;
          continue;
        }
        std::string text = "*" + SlackEscape(item.id + " " + item.title) + "*";
        for (const AnswerLine& f : DigestItemFacts(item, lang)) {
          text += "\n" + f.label + ": " + SlackEscape(f.text);
        }
        area_blocks.push_back(SlackSection(text));
      }
    }
    for (ordered_json& b : area_blocks) {
      if (blocks.size() < kSlackBlocks - 1) blocks.push_back(std::move(b));
    }
  }
  if (left_out > 0) {
    blocks.push_back(SlackSection(Tr(lang, "... og ", "... and ") + std::to_string(left_out) +
                                  Tr(lang, " tiltak til; se e-posten eller oversiktssiden.",
                                     " more measures; see the e-mail or the dashboard.")));
  }
  return ordered_json(blocks);
}

}  // namespace

std::string Renderer::WebhookBody(const NoticeRecord& n, const Recipient& r, WebhookFormat format,
                                  const std::string& subject, const std::string& text,
                                  Timestamp now) const {
  ordered_json body = WebhookJson(n, r, text, now);
  if (format == WebhookFormat::kJson) return JsonText(body);
  const Language lang = config_.language;
  const auto facts = Facts(body, lang);
  const bool digest = n.kind == "digest";
  const DigestView view = digest ? BuildDigestView(n.payload, n.rule, config_) : DigestView{};
  if (format == WebhookFormat::kTeams) {
    ordered_json card_body = ordered_json::array();
    if (digest) {
      card_body = TeamsDigestBody(view, subject, lang);
    } else {
      ordered_json fact_set = ordered_json::array();
      for (const auto& [title, value] : facts)
        fact_set.push_back({{"title", title}, {"value", TeamsEscape(value)}});
      card_body.push_back(TeamsText(subject, "Medium", true));
      card_body.push_back(TeamsText(text));
      if (!fact_set.empty()) card_body.push_back({{"type", "FactSet"}, {"facts", fact_set}});
    }
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
  if (digest) {
    ordered_json message = {{"text", SlackEscape(subject)},
                            {"blocks", SlackDigestBlocks(view, subject, lang)}};
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
