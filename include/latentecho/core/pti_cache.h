#pragma once
// The PTI cache: tuning a clip takes minutes, re-rendering it for another alpha milliseconds, so a
// clip's pivots and tuned generator are kept on disk and reused whenever the same clip is opened
// with the same base model, pivots and PTI settings.
//
// Layout: ROOT/pti-<16 hex>/ per entry, the name an xxh64 of the key (PtiCacheKey::entryName):
//   manifest.json       {"format": "latentecho-pti-cache", "format_version": 1, "key": {...},
//                        "frames": T, "numWs", "wDim", "deltaEncoding", "metrics": {...},
//                        "files": {"pivots.safetensors": {"bytes", "xxh64"},
//                                  "delta.safetensors": {"bytes", "xxh64"}},
//                        "manifest_xxh64": digest of this JSON without this field}
//   pivots.safetensors  "pivots" float32 [T, num_ws, w_dim]
//   delta.safetensors   the tuned generator as a difference from the base (generator_delta.h)
//
// Nothing is used unverified: find() checks the manifest's own digest, the format, that the key
// stored equals the key asked for (a different clip, base model, pivot source or setting is
// "stale", as is an entry written for another base whose tensors differ), each file's size and
// digest, and the tensors' names, dtypes and shapes against the base generator. A failed check
// reports Stale or Corrupt with the reason; the caller tunes again and store() replaces the entry.
//
// Writes are atomic per entry: the files go to a hidden temporary folder beside the entry, which
// is renamed into place only when complete (an interrupted store leaves the old entry or none, and
// a stray temporary folder that find() never reads).
//
// Size limit: after store() has written an entry, the least recently used entries are removed
// until the cache folder holds at most `limitBytes` (all its files, temporary folders of writes in
// flight included). An entry's last use is its folder's modification time: store() makes it, and
// find() sets it to now whenever it returns a Valid entry. Never removed: the entry just written,
// and an entry in use, that is one a find() (in this or another process) is reading at that
// moment (find() holds a shared advisory lock, flock(2), on the entry folder while it reads;
// eviction takes it exclusively without waiting and skips the entry when it cannot). Hidden
// temporary folders are never removed (they may be another process's write in flight).
//
// Thread-safety: distinct entries may be stored and read concurrently; storing one entry from two
// threads at once is a race (the last rename wins, both results are whole entries).
#include <ATen/ATen.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/generator_delta.h"
#include "latentecho/core/stylegan2.h"

namespace latentecho {

// xxh64 (hex) of frames [T, C, H, W]: their shape and float32 values. The prepared frames come
// from 8-bit pixels by one exact mapping (clip_tensor.h), so equal clips give equal digests.
std::string framesDigest(const at::Tensor& frames);
// xxh64 (hex) of a tensor's shape and float32 values (e.g. pivots supplied from a file).
std::string tensorDigest(const at::Tensor& tensor);

struct PtiCacheKey {
  std::string clipDigest;       // framesDigest of the prepared frames
  std::string baseModelDigest;  // generatorDigest of the base generator
  std::string pivotSource;      // what made the pivots: "e4e:<weights digest>", "pivots:<digest>"
  nlohmann::json settings;      // pivotalTuningSettingsToJson

  nlohmann::json toJson() const;
  // "pti-" + xxh64 of toJson() dumped canonically (keys sorted), 16 hex digits.
  std::string entryName() const;
};

struct PtiCacheEntry {
  std::string folder;
  at::Tensor pivots;  // float32 [T, num_ws, w_dim], CPU
  GeneratorDelta delta;
  StyleGan2Generator generator{nullptr};  // base + delta, on the base's device
  nlohmann::json metrics;                 // what store() was given (reconstruction before/after)
  int64_t bytesOnDisk = 0;                // all files of the entry
};

// The default size limit of a PTI cache: 10 GiB (the studio's Preferences and the CLI's
// --cache-limit default to it).
inline constexpr int64_t kDefaultPtiCacheLimitBytes = int64_t{10} << 30;

// What one eviction pass did.
struct PtiCacheEviction {
  std::vector<std::string> removed;  // entry folders, least recently used first
  int64_t bytesBefore = 0;           // the cache folder's files before
  int64_t bytesAfter = 0;            // and after (may stay above the limit: see PtiCache)
};

enum class PtiCacheStatus { Missing, Valid, Stale, Corrupt };
std::string ptiCacheStatusName(PtiCacheStatus status);  // "missing", "valid", "stale", "corrupt"

struct PtiCacheLookup {
  PtiCacheStatus status = PtiCacheStatus::Missing;
  std::string reason;                  // for Stale / Corrupt: what failed, naming the file
  std::optional<PtiCacheEntry> entry;  // only when Valid
};

class PtiCache {
 public:
  // `root` is created on the first store. `limitBytes` > 0: store() evicts down to it.
  explicit PtiCache(std::string root, int64_t limitBytes = kDefaultPtiCacheLimitBytes);

  const std::string& root() const { return root_; }
  int64_t limitBytes() const { return limitBytes_; }
  std::string entryFolder(const PtiCacheKey& key) const;

  // Looks the key up and, when an entry is there, verifies it completely and rebuilds the tuned
  // generator from `base`. Never throws for a bad entry (that is Stale or Corrupt); throws Error
  // only when the root is unreadable.
  PtiCacheLookup find(const PtiCacheKey& key, const StyleGan2GeneratorImpl& base) const;

  // Writes (or atomically replaces) the entry, then evicts least recently used entries down to
  // limitBytes() (never this one; `evicted`, when given, receives what was removed); returns the
  // entry's folder. Throws Error naming the folder when it cannot be written.
  std::string store(const PtiCacheKey& key, const at::Tensor& pivots, const GeneratorDelta& delta,
                    const nlohmann::json& metrics, PtiCacheEviction* evicted = nullptr) const;

  // Removes least recently used entries until the cache folder holds at most `limitBytes`, never
  // the entry folder `keep` (may be empty) nor one in use. Entries that cannot be removed are
  // skipped. Never throws for a missing root.
  PtiCacheEviction evictLeastRecentlyUsed(int64_t limitBytes, const std::string& keep = {}) const;

 private:
  std::string root_;
  int64_t limitBytes_;
};

}  // namespace latentecho
