// Value lists on the command line (--alphas): ranges with the stop included and no float drift,
// explicit lists, single values, and errors that name the option.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "value_range.h"

namespace latentecho::cli {
namespace {

TEST(ValueRange, ARangeIncludesItsStopWithoutDrift) {
  const std::vector<double> alphas = parseValueRange("0:1.5:0.1", "--alphas");
  ASSERT_EQ(alphas.size(), 16u);
  EXPECT_EQ(alphas.front(), 0.0);
  EXPECT_EQ(alphas[3], 0.3);  // not 0.30000000000000004
  EXPECT_EQ(alphas[7], 0.7);
  EXPECT_EQ(alphas.back(), 1.5);
  EXPECT_EQ(parseValueRange("0:1:0.3", "--alphas"), (std::vector<double>{0, 0.3, 0.6, 0.9}));
  EXPECT_EQ(parseValueRange("-1:1:1", "--alphas"), (std::vector<double>{-1, 0, 1}));
  EXPECT_EQ(parseValueRange("2:2:1", "--alphas"), (std::vector<double>{2}));
}

TEST(ValueRange, ListsAndSingleValues) {
  EXPECT_EQ(parseValueRange("0,0.5,1.25", "--alphas"), (std::vector<double>{0, 0.5, 1.25}));
  EXPECT_EQ(parseValueRange("1,0", "--alphas"), (std::vector<double>{1, 0}));
  EXPECT_EQ(parseValueRange("0.5", "--alphas"), (std::vector<double>{0.5}));
}

TEST(ValueRange, ErrorsNameTheOption) {
  for (const char* bad :
       {"", "a", "0:1", "0:1:0", "1:0:0.1", "0:1:-1", "0,,1", "0,1,0", "1e999", "0:1:1:1"}) {
    try {
      parseValueRange(bad, "--alphas");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--alphas"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(parseValueRange("0:100:1", "--alphas", 50), Error);
}

}  // namespace
}  // namespace latentecho::cli
