#include "shard.h"

#include <algorithm>
#include <cstdlib>

#include "latentecho/core/error.h"

namespace latentecho::cli {
namespace {

bool parseInt(const std::string& text, long& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtol(text.c_str(), &end, 10);
  return end == text.c_str() + text.size();
}

long environmentInt(const EnvironmentLookup& lookup, const char* name, long fallback,
                    bool required) {
  const char* value = lookup(name);
  if (!value || !*value) {
    if (required)
      throw Error(std::string("SLURM_ARRAY_TASK_ID is set but ") + name +
                  " is not: cannot tell which shard this task is (give --shard K/N)");
    return fallback;
  }
  long parsed = 0;
  if (!parseInt(value, parsed))
    throw Error(std::string(name) + "='" + value + "' is not an integer");
  return parsed;
}

}  // namespace

std::string Shard::toString() const { return std::to_string(index) + "/" + std::to_string(count); }

Shard parseShard(const std::string& text) {
  const std::size_t slash = text.find('/');
  long index = 0, count = 0;
  if (slash == std::string::npos || !parseInt(text.substr(0, slash), index) ||
      !parseInt(text.substr(slash + 1), count))
    throw Error("--shard '" + text + "': expected K/N, e.g. 0/4 for the first of four shards");
  if (count < 1 || count > 1000000)
    throw Error("--shard '" + text + "': N must be between 1 and 1000000");
  if (index < 0 || index >= count)
    throw Error("--shard '" + text + "': K must be in 0.." + std::to_string(count - 1) +
                " (shards are numbered from 0)");
  return {static_cast<int>(index), static_cast<int>(count)};
}

std::optional<Shard> shardFromEnvironment(const EnvironmentLookup& lookup) {
  const char* id = lookup("SLURM_ARRAY_TASK_ID");
  if (!id || !*id) return std::nullopt;
  const long task = environmentInt(lookup, "SLURM_ARRAY_TASK_ID", 0, true);
  const long count = environmentInt(lookup, "SLURM_ARRAY_TASK_COUNT", 0, true);
  const long minimum = environmentInt(lookup, "SLURM_ARRAY_TASK_MIN", 0, false);
  const long step = environmentInt(lookup, "SLURM_ARRAY_TASK_STEP", 1, false);
  if (step < 1) throw Error("SLURM_ARRAY_TASK_STEP=" + std::to_string(step) + " must be >= 1");
  const long offset = task - minimum;
  if (count < 1 || offset < 0 || offset % step != 0 || offset / step >= count)
    throw Error("SLURM_ARRAY_TASK_ID=" + std::to_string(task) + " is not one of the " +
                std::to_string(count) + " tasks of an array from " + std::to_string(minimum) +
                " in steps of " + std::to_string(step) + "; give --shard K/N instead");
  return Shard{static_cast<int>(offset / step), static_cast<int>(count)};
}

std::optional<Shard> resolveShard(const std::string& option) {
  if (!option.empty()) return parseShard(option);
  return shardFromEnvironment([](const char* name) { return std::getenv(name); });
}

std::vector<std::string> selectShard(std::vector<std::string> names, const Shard& shard) {
  std::sort(names.begin(), names.end());
  if (const auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end())
    throw Error("two clips are named '" + *twice + "'; shards are assigned by name");
  std::vector<std::string> selected;
  for (std::size_t i = static_cast<std::size_t>(shard.index); i < names.size();
       i += static_cast<std::size_t>(shard.count))
    selected.push_back(names[i]);
  return selected;
}

}  // namespace latentecho::cli
