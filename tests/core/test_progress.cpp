#include "latentecho/core/progress.h"

#include <gtest/gtest.h>

#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {

TEST(Progress, SubRangesMapIntoTheParentRange) {
  std::vector<double> seen;
  Progress root([&](double f, std::string_view) {
    seen.push_back(f);
    return true;
  });
  Progress second = root.sub(0.5, 1.0);
  Progress quarter = second.sub(0.0, 0.5);
  quarter.report(1.0, "x");
  second.report(0.5, "y");
  root.report(2.0, "clamped");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_DOUBLE_EQ(seen[0], 0.75);
  EXPECT_DOUBLE_EQ(seen[1], 0.75);
  EXPECT_DOUBLE_EQ(seen[2], 1.0);
}

TEST(Progress, CallbackReturningFalseCancelsEveryCopy) {
  int calls = 0;
  Progress root([&](double, std::string_view) { return ++calls < 2; });
  Progress child = root.sub(0.0, 0.5);
  EXPECT_NO_THROW(child.report(0.1, "a"));
  EXPECT_FALSE(root.cancelled());
  EXPECT_THROW(child.report(0.2, "b"), Cancelled);
  EXPECT_TRUE(root.cancelled());
  EXPECT_THROW(root.report(0.3, "c"), Cancelled);
}

TEST(Progress, DefaultProgressNeverCancels) {
  Progress none;
  EXPECT_NO_THROW(none.sub(0.2, 0.4).report(0.5, "x"));
  EXPECT_FALSE(none.cancelled());
}

}  // namespace latentecho
