// Shard selection: K/N parsing, the SLURM array environment, and that the shards of a list are
// disjoint, cover it, follow the name order and do not depend on the order given.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "shard.h"

namespace latentecho::cli {
namespace {

EnvironmentLookup environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

TEST(Shard, ParsesKOverN) {
  const Shard shard = parseShard("2/5");
  EXPECT_EQ(shard.index, 2);
  EXPECT_EQ(shard.count, 5);
  EXPECT_EQ(shard.toString(), "2/5");
  EXPECT_EQ(parseShard("0/1").count, 1);
  for (const char* bad : {"5/5", "-1/3", "1/0", "1", "a/b", "1/2/3", "", "1 /2"})
    EXPECT_THROW(parseShard(bad), Error) << bad;
}

TEST(Shard, ComesFromTheSlurmArrayEnvironment) {
  EXPECT_FALSE(shardFromEnvironment(environment({})));
  auto shard = shardFromEnvironment(
      environment({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->toString(), "3/4");
  // --array=1-4: IDs 1..4 are shards 0..3.
  shard = shardFromEnvironment(environment({{"SLURM_ARRAY_TASK_ID", "1"},
                                            {"SLURM_ARRAY_TASK_MIN", "1"},
                                            {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(shard->toString(), "0/4");
  // --array=0-6:2: IDs 0, 2, 4, 6.
  shard = shardFromEnvironment(environment({{"SLURM_ARRAY_TASK_ID", "4"},
                                            {"SLURM_ARRAY_TASK_MIN", "0"},
                                            {"SLURM_ARRAY_TASK_STEP", "2"},
                                            {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(shard->toString(), "2/4");
  EXPECT_THROW(shardFromEnvironment(environment({{"SLURM_ARRAY_TASK_ID", "1"}})), Error);
  EXPECT_THROW(shardFromEnvironment(
                   environment({{"SLURM_ARRAY_TASK_ID", "9"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
               Error);
  EXPECT_THROW(shardFromEnvironment(
                   environment({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
               Error);
}

TEST(Shard, ShardsAreDisjointCoverTheListAndFollowTheNameOrder) {
  const std::vector<std::string> names{"e", "b", "g", "a", "d", "c", "f"};
  EXPECT_EQ(selectShard(names, {0, 3}), (std::vector<std::string>{"a", "d", "g"}));
  EXPECT_EQ(selectShard(names, {1, 3}), (std::vector<std::string>{"b", "e"}));
  EXPECT_EQ(selectShard(names, {2, 3}), (std::vector<std::string>{"c", "f"}));
  for (int count : {1, 2, 3, 7, 10}) {
    std::vector<std::string> all;
    for (int k = 0; k < count; ++k) {
      const auto part = selectShard(names, {k, count});
      all.insert(all.end(), part.begin(), part.end());
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"})) << count;
  }
  std::vector<std::string> reversed(names.rbegin(), names.rend());
  EXPECT_EQ(selectShard(reversed, {1, 3}), selectShard(names, {1, 3}));
  EXPECT_THROW(selectShard({"a", "b", "a"}, {0, 2}), Error);
}

}  // namespace
}  // namespace latentecho::cli
