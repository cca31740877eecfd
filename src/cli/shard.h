#pragma once
// Splitting a batch of clips over independent processes (`--shard K/N`, SLURM array jobs): shard K
// of N takes the clips whose position in the name-sorted list is K modulo N. Every clip falls in
// exactly one shard, whatever N, and the shards' sizes differ by at most one.
//
// Without --shard, a SLURM array task finds its shard in the environment:
//   K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP (MIN 0, STEP 1 when
//       unset), N = SLURM_ARRAY_TASK_COUNT.
// So `sbatch --array=0-3` and `--array=1-4` both give shards 0..3 of 4.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latentecho::cli {

struct Shard {
  int index = 0;  // K, 0..count-1
  int count = 1;  // N >= 1

  std::string toString() const;  // "K/N"
};

// "K/N" with 0 <= K < N. Throws Error quoting the text otherwise.
Shard parseShard(const std::string& text);

// How the environment is read (std::getenv in the program; a map in tests).
using EnvironmentLookup = std::function<const char*(const char* name)>;

// The shard of a SLURM array task, or none when SLURM_ARRAY_TASK_ID is not set. Throws Error when
// the variables are set but inconsistent (no SLURM_ARRAY_TASK_COUNT, an ID outside the array).
std::optional<Shard> shardFromEnvironment(const EnvironmentLookup& lookup);

// --shard when given, else the SLURM environment (std::getenv), else none.
std::optional<Shard> resolveShard(const std::string& option);

// The names shard K/N takes: `names` sorted, then every N-th from position K, in that order.
// Throws Error when a name appears twice.
std::vector<std::string> selectShard(std::vector<std::string> names, const Shard& shard);

}  // namespace latentecho::cli
