#include "db/spreadsheet_file.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "rules/text.h"

namespace fristvakt {
namespace {

constexpr size_t kPiece = 64 * 1024;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// How many bytes at the end of `s` begin a UTF-8 sequence that goes on past it.
size_t CutSequence(std::string_view s) {
  for (size_t k = 1; k <= 3 && k <= s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[s.size() - k]);
    if ((c & 0xC0) == 0x80) continue;
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

int Newlines(std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

bool SpreadsheetFile::Open(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    file_.open(path, std::ios::binary);
    if (!file_) return false;
    in_ = &file_;
  } else {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    if (in) bytes << in.rdbuf();
    if (!in || in.bad()) return false;
    memory_ = std::istringstream(std::move(bytes).str());
    in_ = &memory_;
  }
  if (!ReadPieces([this](std::string_view piece) { Survey(piece); })) return false;
  if (!utf8_carry_.empty()) encoding_ = "Windows-1252";  // the file ends inside a sequence
  separator_ = separators_.separator();
  return true;
}

void SpreadsheetFile::Survey(std::string_view piece) {
  if (utf16_) return;
  if (first_piece_) {
    first_piece_ = false;
    if (piece.size() >= 2 && ((piece[0] == '\xFF' && piece[1] == '\xFE') ||
                              (piece[0] == '\xFE' && piece[1] == '\xFF'))) {
      utf16_ = true;
      return;
    }
    if (piece.substr(0, 3) == kBom) {
      leading_bom_ = true;
      piece.remove_prefix(3);
    }
  }
  if (nul_line_ == 0) {
    if (size_t at = piece.find('\0'); at != std::string_view::npos) {
      nul_line_ = 1 + newlines_ + Newlines(piece.substr(0, at));
    }
  }
  if (bom_line_ == 0) {
    std::string joined = bom_tail_ + std::string(piece.substr(0, 2));
    if (size_t at = joined.find(kBom); at != std::string::npos) {
      bom_line_ = 1 + newlines_;  // a mark holds no line break, so none of it is in the tail
    } else if (size_t in_piece = piece.find(kBom); in_piece != std::string_view::npos) {
      bom_line_ = 1 + newlines_ + Newlines(piece.substr(0, in_piece));
    }
  }
  bom_tail_ += piece.substr(piece.size() - std::min<size_t>(2, piece.size()));
  if (bom_tail_.size() > 2) bom_tail_.erase(0, bom_tail_.size() - 2);
  CheckUtf8(piece);
  separators_.Feed(piece);
  newlines_ += Newlines(piece);
}

void SpreadsheetFile::CheckUtf8(std::string_view piece) {
  if (encoding_ != "UTF-8") return;
  std::string joined = utf8_carry_ + std::string(piece);
  const size_t cut = CutSequence(joined);
  if (!IsValidUtf8(std::string_view(joined).substr(0, joined.size() - cut))) {
    encoding_ = "Windows-1252";
    utf8_carry_.clear();
    return;
  }
  utf8_carry_ = joined.substr(joined.size() - cut);
}

bool SpreadsheetFile::ReadPieces(const std::function<void(std::string_view)>& on_piece) {
  in_->clear();
  in_->seekg(0);
  std::string buffer(kPiece, '\0');
  while (true) {
    in_->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<size_t>(in_->gcount());
    if (got > 0) on_piece(std::string_view(buffer.data(), got));
    if (!*in_) break;
  }
  return !in_->bad();
}

bool SpreadsheetFile::ReadText(const std::function<void(std::string_view)>& on_text) {
  bool first = true;
  const bool utf8 = encoding_ == "UTF-8";
  return ReadPieces([&](std::string_view piece) {
    if (first) {
      first = false;
      if (leading_bom_) piece.remove_prefix(3);
    }
    if (utf8) {
      on_text(piece);
    } else {
      on_text(Cp1252ToUtf8(piece));
    }
  });
}

}  // namespace fristvakt
