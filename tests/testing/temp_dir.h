#ifndef FRISTVAKT_TESTS_TESTING_TEMP_DIR_H_
#define FRISTVAKT_TESTS_TESTING_TEMP_DIR_H_

#include <filesystem>
#include <string>

namespace fristvakt::testing {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The full path of `name` inside the folder.
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  // Writes `content` as it stands (bytes, no conversion) and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::string& path);

// A small, valid configuration in `dir`: three units, one group, two focus areas
// (folkehelse "Folkehelse", digitalisering "Digitalisering") and a defaults file.
// `extra` is appended to fristvakt.yaml. Returns the path of fristvakt.yaml.
std::string WriteSmallConfig(const TempDir& dir, const std::string& extra = "");

}  // namespace fristvakt::testing

#endif  // FRISTVAKT_TESTS_TESTING_TEMP_DIR_H_
