#include "rules/yaml_reader.h"

#include <charconv>
#include <map>

#include "rules/text.h"

namespace fristvakt {

bool ParseYaml(const std::string& file, const std::string& text, YAML::Node* root,
               Diagnostics* diag) {
  try {
    *root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diag->Error({file, e.mark.line + 1, e.mark.column + 1}, e.msg);
    return false;
  } catch (const std::exception& e) {
    diag->Error({file, 0, 0}, std::string("cannot read the file: ") + e.what());
    return false;
  }
  return true;
}

Position PositionOf(const std::string& file, const YAML::Node& node) {
  if (!node.IsDefined()) return {file, 0, 0};
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

std::optional<std::string> ScalarText(const std::string& file, const YAML::Node& node,
                                      const std::string& what, Diagnostics* diag) {
  if (!node.IsScalar()) {
    diag->Error(PositionOf(file, node), what + " must be a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

MapReader::MapReader(std::string file, const YAML::Node& node, std::string what, Diagnostics* diag)
    : file_(std::move(file)), node_(node), what_(std::move(what)), diag_(diag) {
  if (!node_.IsMap()) {
    diag_->Error(fristvakt::PositionOf(file_, node_),
                 what_ + " must be a mapping of keys to values");
    return;
  }
  valid_ = true;
  std::map<std::string, int> seen;
  for (const auto& kv : node_) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (++seen[key] == 2) {
      diag_->Error(fristvakt::PositionOf(file_, kv.first),
                   "duplicate key '" + key + "' in " + what_);
    }
  }
}

bool MapReader::Has(const std::string& key) const {
  if (!valid_) return false;
  for (const auto& kv : node_) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return true;
  }
  return false;
}

YAML::Node MapReader::Get(const std::string& key) {
  asked_.insert(key);
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : node_) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

Position MapReader::PositionOf(const std::string& key) {
  YAML::Node value = Get(key);
  Position p = fristvakt::PositionOf(file_, value);
  return p.line > 0 ? p : where();
}

std::optional<std::string> MapReader::Text(const std::string& key, bool required) {
  YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (required && valid_) diag_->Error(where(), "missing '" + key + "' in " + what_);
    return std::nullopt;
  }
  return ScalarText(file_, value, "'" + key + "'", diag_);
}

std::optional<std::vector<std::string>> MapReader::TextList(const std::string& key, bool required) {
  YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (required && valid_) diag_->Error(where(), "missing '" + key + "' in " + what_);
    return std::nullopt;
  }
  if (value.IsScalar()) return std::vector<std::string>{value.Scalar()};
  if (!value.IsSequence()) {
    diag_->Error(fristvakt::PositionOf(file_, value), "'" + key + "' must be a list");
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (const auto& item : value) {
    auto text = ScalarText(file_, item, "each item of '" + key + "'", diag_);
    if (text) {
      items.push_back(*text);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<int> MapReader::Integer(const std::string& key, int min, int max, bool required) {
  auto text = Text(key, required);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    diag_->Error(PositionOf(key), "'" + key + "' must be a whole number from " +
                                      std::to_string(min) + " to " + std::to_string(max) +
                                      ", not '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> MapReader::Boolean(const std::string& key) {
  auto text = Text(key);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  diag_->Error(PositionOf(key), "'" + key + "' must be true or false, not '" + *text + "'");
  return std::nullopt;
}

void MapReader::Finish() {
  if (!valid_) return;
  for (const auto& kv : node_) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (asked_.count(key) == 0) {
      const std::vector<std::string> known(asked_.begin(), asked_.end());
      diag_->Error(fristvakt::PositionOf(file_, kv.first),
                   "unknown key '" + key + "' in " + what_ + DidYouMean(key, known));
    }
  }
}

}  // namespace fristvakt
