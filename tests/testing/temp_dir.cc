#include "testing/temp_dir.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fristvakt::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "fristvakt-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  std::filesystem::path p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  return p.string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string WriteSmallConfig(const TempDir& dir, const std::string& extra) {
  dir.Write("units.yaml", R"(units:
  - id: hbo
    name: Hjemmebasert omsorg
    email: [enhetsleder.hbo@example.no]
  - id: kff
    name: "HOV stab: Koordinering, fag og forvaltning"
    email: [stab.hov@example.no]
  - id: helse-familie
    name: Helse og familie
    email: [helse.familie@example.no]
groups:
  - id: ledergruppe
    name: Sektorens ledergruppe HOV
    email: [sektorleder@example.no, ledergruppe@example.no]
)");
  dir.Write("rules/00-defaults.yaml", R"(focus_area: "*"
rules:
  - name: varsel-14d
    when: {before_deadline: 14d}
    to: [responsible]
)");
  dir.Write("rules/folkehelse.yaml", "focus_area: folkehelse\ntitle: Folkehelse\nsdg: 3\n");
  dir.Write("rules/digitalisering.yaml",
            "focus_area: digitalisering\ntitle: Digitalisering\nsdg: 9\n");
  return dir.Write("fristvakt.yaml", "timezone: Europe/Oslo\nlanguage: nb\n" + extra);
}

}  // namespace fristvakt::testing
