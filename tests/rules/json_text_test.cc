#include "rules/json_text.h"

#include <gtest/gtest.h>

namespace fristvakt {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

TEST(JsonTextTest, MemberOrEmptyIsTheMemberItselfOrAnEmptyObject) {
  const json payload = {{"measure", {{"id", "S-1"}}}, {"late", nullptr}};
  // The member itself, not a copy: the same address.
  EXPECT_EQ(&MemberOrEmpty(payload, "measure"), &payload["measure"]);
  EXPECT_TRUE(MemberOrEmpty(payload, "late").is_null());  // there, of another type: as it is
  EXPECT_EQ(MemberOrEmpty(payload, "event"), json::object());
  const json array = json::array({1, 2});
  const json null;
  EXPECT_EQ(MemberOrEmpty(array, "measure"), json::object());
  EXPECT_EQ(MemberOrEmpty(null, "measure"), json::object());
  EXPECT_EQ(MemberOrEmpty(MemberOrEmpty(payload, "event"), "data"), json::object());
  const ordered_json ordered = {{"sections", {{"overdue", 1}}}};
  EXPECT_EQ(&MemberOrEmpty(ordered, "sections"), &ordered["sections"]);
}

TEST(JsonTextTest, TextAndIntMembersAreEmptyOrZeroUnlessOfTheirType) {
  const json m = {{"id", "S-1"}, {"progress", 40}, {"title", 7}, {"owner", nullptr}};
  EXPECT_EQ(TextMember(m, "id"), "S-1");
  EXPECT_EQ(TextMember(m, "title"), "");
  EXPECT_EQ(TextMember(m, "owner"), "");
  EXPECT_EQ(TextMember(m, "missing"), "");
  EXPECT_EQ(TextMember(json::array({"S-1"}), "id"), "");
  EXPECT_EQ(IntMember(m, "progress"), 40);
  EXPECT_EQ(IntMember(m, "id"), 0);
  EXPECT_EQ(IntMember(m, "missing"), 0);
  EXPECT_EQ(IntMember(json("text"), "progress"), 0);
  EXPECT_EQ(IntMember(json{{"progress", 2.5}}, "progress"), 0);
}

}  // namespace
}  // namespace fristvakt
