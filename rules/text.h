#ifndef FRISTVAKT_RULES_TEXT_H_
#define FRISTVAKT_RULES_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

// Small UTF-8 text helpers for input as people write it in Norwegian spreadsheets.
namespace fristvakt {

// Without surrounding spaces, tabs and line breaks.
std::string Trim(std::string_view s);

// Lower case for matching names "without regard to case": ASCII and the Latin-1 letters
// (Æ Ø Å and the rest of U+00C0..U+00DE), which is what Norwegian names use.
std::string FoldCase(std::string_view s);

bool IsValidUtf8(std::string_view s);
// Where the first byte sequence that is not UTF-8 starts; npos when all of `s` is UTF-8.
size_t InvalidUtf8At(std::string_view s);

// Windows-1252 (what Norwegian Excel writes by default) to UTF-8.
std::string Cp1252ToUtf8(std::string_view s);

// Number of code points: what a terminal table needs for these texts.
size_t DisplayWidth(std::string_view s);

// At most `width` code points, ending in "…" when cut. Line breaks become spaces.
std::string Ellipsize(std::string_view s, size_t width);

// Splits on `sep`, trimming each part and leaving out empty ones.
std::vector<std::string> SplitList(std::string_view s, char sep);

// Orders "FH-2" before "FH-10": runs of digits compare as numbers.
bool NaturalLess(std::string_view a, std::string_view b);

// For a word that is not one of `known`: " (did you mean 'X'?)" naming the nearest known word,
// when one is close enough to be a typo (at most two edits, and fewer than half the letters);
// else empty.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& known);

}  // namespace fristvakt

#endif  // FRISTVAKT_RULES_TEXT_H_
