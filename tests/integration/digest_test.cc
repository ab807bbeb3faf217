// Digests through the real binary to the real webhook receiver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/harness.h"

namespace fristvakt {
namespace {

using ::testing::HasSubstr;

class DigestDeliveryTest : public Harness {};

// A digest to a Teams webhook is an Adaptive Card with a heading per focus area and section
// and the facts of each measure, the unit's answer among them (SPEC §9), signed as any other.
TEST_F(DigestDeliveryTest, TeamsDigestIsACardWithSectionsAndTheUnitsAnswer) {
  int port = StartReceiver();
  WriteConfig("webhooks:\n  teams: {url: \"http://127.0.0.1:" + std::to_string(port) +
                  "/ok\", format: teams, secret_file: hook.secret}\n"
                  "digests:\n  - {name: ledermote, cron: \"0 8 * * 2\", to: [ledergruppe]}\n",
              "units:\n  - {id: hbo, name: Hjemmebasert omsorg}\n"
              "groups:\n  - {id: ledergruppe, name: Ledergruppa, webhook: teams}\n");
  const std::string csv =
      "Nr;Ansvar;Tiltak;Satsningsområde;Frist;Status\r\n"
      "T-1;hbo;Velferdsteknologi;digitalisering;01.01.2024;pågår\r\n";
  ASSERT_EQ(Fristvakt({"import", dir_.Write("plan.csv", csv)}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"set", "T-1", "--comment", "Forsinket pga. anbudsprosess"}).exit_code, 0);
  ASSERT_EQ(Fristvakt({"digest", "ledermote"}).exit_code, 0);
  auto daemon = StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return !Requests("/ok").empty(); }, 10s))
      << ReadFile(dir_.File("daemon.log"));
  Stop(*daemon);
  const json request = Requests("/ok")[0];
  EXPECT_EQ(request["signature_valid"], true);
  const json message = json::parse(request["body"].get<std::string>());
  EXPECT_EQ(message["type"], "message");
  const json& card = message["attachments"][0]["content"];
  EXPECT_EQ(card["type"], "AdaptiveCard");
  std::vector<std::string> headings;
  std::map<std::string, std::string> facts;
  for (const json& block : card["body"]) {
    if (block["type"] == "TextBlock" && block.value("weight", "") == "Bolder") {
      headings.push_back(block["text"]);
    }
    if (block["type"] == "Container") {
      EXPECT_EQ(block["items"][0]["text"], "T-1 Velferdsteknologi");
      for (const json& f : block["items"][1]["facts"]) facts[f["title"]] = f["value"];
    }
  }
  EXPECT_THAT(headings, ::testing::Contains("Digitalisering"));
  EXPECT_THAT(headings, ::testing::Contains("Over fristen \\(1\\)"));
  EXPECT_EQ(facts["Ansvar"], "Hjemmebasert omsorg");
  EXPECT_THAT(facts["Kommentar"], HasSubstr("«Forsinket pga. anbudsprosess»"));
  EXPECT_THAT(request["body"].get<std::string>(), ::testing::Not(HasSubstr("== Digitalisering")));
}

}  // namespace
}  // namespace fristvakt
