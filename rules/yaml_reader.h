#ifndef FRISTVAKT_RULES_YAML_READER_H_
#define FRISTVAKT_RULES_YAML_READER_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rules/diagnostics.h"

// Reading YAML text with positions: configuration, units, rule files and YAML plans. Every value
// is read as text and validated by the caller, so that YAML 1.1's `no`, `yes`, `on` and `off`
// never become booleans by accident. Pure: the text comes in, reading a file is the caller's.
namespace fristvakt {

// Parses `text`, the content of `file`, into `root`. A syntax error is reported with its
// position; returns false then.
bool ParseYaml(const std::string& file, const std::string& text, YAML::Node* root,
               Diagnostics* diag);

// Where a node starts in `file`; the line alone when yaml-cpp did not record it.
Position PositionOf(const std::string& file, const YAML::Node& node);

// A scalar's text; reports `what` must be text and returns nothing for maps and lists.
std::optional<std::string> ScalarText(const std::string& file, const YAML::Node& node,
                                      const std::string& what, Diagnostics* diag);

// Reads one mapping node: hands out its values by key, and reports duplicate keys, missing
// required keys and, in Finish(), every key that nobody asked for. Not thread-safe.
class MapReader {
 public:
  // Reports `what` must be a mapping when `node` is not one; valid() is false then.
  MapReader(std::string file, const YAML::Node& node, std::string what, Diagnostics* diag);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool valid() const { return valid_; }
  Position where() const { return fristvakt::PositionOf(file_, node_); }
  const std::string& file() const { return file_; }
  Diagnostics* diag() const { return diag_; }

  bool Has(const std::string& key) const;
  // The value for `key` (an undefined node when absent); counts the key as known.
  YAML::Node Get(const std::string& key);
  // Where the value for `key` starts, or the map when it is absent.
  Position PositionOf(const std::string& key);

  std::optional<std::string> Text(const std::string& key, bool required = false);
  // A list of scalars; a single scalar counts as a list of one.
  std::optional<std::vector<std::string>> TextList(const std::string& key, bool required = false);
  std::optional<int> Integer(const std::string& key, int min, int max, bool required = false);
  // Only the words true and false.
  std::optional<bool> Boolean(const std::string& key);

  // Reports every key that was never asked for.
  void Finish();

 private:
  std::string file_;
  YAML::Node node_;
  std::string what_;
  Diagnostics* diag_;
  bool valid_ = false;
  std::set<std::string> asked_;
};

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_YAML_READER_H_
