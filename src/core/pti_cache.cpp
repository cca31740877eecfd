#include "latentecho/core/pti_cache.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#define LATENTECHO_HAVE_FLOCK 1
#endif

#include "binary_file.h"
#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString
#include "latentecho/core/safetensors.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "latentecho-pti-cache";
constexpr int kFormatVersion = 1;
constexpr const char* kManifest = "manifest.json";
constexpr const char* kPivots = "pivots.safetensors";
constexpr const char* kDelta = "delta.safetensors";

std::string hex(unsigned long long value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", value);
  return text;
}

std::string bytesDigest(const void* data, size_t size) {
  return hex(static_cast<unsigned long long>(XXH64(data, size, 0)));
}

std::string floatTensorDigest(const at::Tensor& tensor) {
  at::Tensor values = tensor.detach().to(at::kCPU, at::kFloat).contiguous();
  XXH64_state_t* state = XXH64_createState();
  XXH64_reset(state, 0);
  const std::vector<int64_t> shape = values.sizes().vec();
  const int64_t dims = static_cast<int64_t>(shape.size());
  XXH64_update(state, &dims, sizeof dims);
  XXH64_update(state, shape.data(), shape.size() * sizeof(int64_t));
  XXH64_update(state, values.data_ptr<float>(), values.numel() * sizeof(float));
  const auto value = static_cast<unsigned long long>(XXH64_digest(state));
  XXH64_freeState(state);
  return hex(value);
}

std::string manifestDigest(nlohmann::json manifest) {
  manifest.erase("manifest_xxh64");
  const std::string text = manifest.dump();
  return bytesDigest(text.data(), text.size());
}

// A check that failed: the entry is unusable for `status` and `reason`.
struct Rejected {
  PtiCacheStatus status;
  std::string reason;
};

std::string uniqueSuffix() {
  std::random_device random;
  return hex((static_cast<unsigned long long>(random()) << 32) ^ random());
}

// An advisory lock on an entry folder (flock(2), which also excludes another open of the same
// folder in this process): shared while find() reads the entry, exclusive while eviction removes
// it. Released when destroyed. Without flock (not a POSIX system) it locks nothing and says so.
class FolderLock {
 public:
  FolderLock(const fs::path& folder, bool exclusive, bool wait) {
#ifdef LATENTECHO_HAVE_FLOCK
    descriptor_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor_ < 0) return;
    locked_ = ::flock(descriptor_, (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)) == 0;
#else
    (void)folder;
    (void)exclusive;
    (void)wait;
    locked_ = true;
#endif
  }
  ~FolderLock() {
#ifdef LATENTECHO_HAVE_FLOCK
    if (descriptor_ >= 0) ::close(descriptor_);
#endif
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  bool locked() const { return locked_; }

 private:
  int descriptor_ = -1;
  bool locked_ = false;
};

// Bytes of the regular files at or under `path`; what cannot be read counts as nothing.
int64_t bytesUnder(const fs::path& path) {
  std::error_code code;
  if (fs::is_regular_file(path, code)) {
    const auto size = fs::file_size(path, code);
    return code ? 0 : static_cast<int64_t>(size);
  }
  int64_t bytes = 0;
  for (auto it = fs::recursive_directory_iterator(path, code);
       !code && it != fs::recursive_directory_iterator(); it.increment(code)) {
    std::error_code fileCode;
    if (!it->is_regular_file(fileCode)) continue;
    const auto size = it->file_size(fileCode);
    if (!fileCode) bytes += static_cast<int64_t>(size);
  }
  return bytes;
}

}  // namespace

std::string framesDigest(const at::Tensor& frames) { return floatTensorDigest(frames); }
std::string tensorDigest(const at::Tensor& tensor) { return floatTensorDigest(tensor); }

nlohmann::json PtiCacheKey::toJson() const {
  return {{"clip", clipDigest},
          {"baseModel", baseModelDigest},
          {"pivotSource", pivotSource},
          {"settings", settings}};
}

std::string PtiCacheKey::entryName() const {
  const std::string text = toJson().dump();
  return "pti-" + bytesDigest(text.data(), text.size());
}

std::string ptiCacheStatusName(PtiCacheStatus status) {
  switch (status) {
    case PtiCacheStatus::Missing:
      return "missing";
    case PtiCacheStatus::Valid:
      return "valid";
    case PtiCacheStatus::Stale:
      return "stale";
    case PtiCacheStatus::Corrupt:
      return "corrupt";
  }
  return "?";
}

PtiCache::PtiCache(std::string root, int64_t limitBytes)
    : root_(std::move(root)), limitBytes_(limitBytes) {
  if (root_.empty()) throw Error("PTI cache: no cache folder given");
}

std::string PtiCache::entryFolder(const PtiCacheKey& key) const {
  return (fs::path(root_) / key.entryName()).string();
}

PtiCacheLookup PtiCache::find(const PtiCacheKey& key, const StyleGan2GeneratorImpl& base) const {
  PtiCacheLookup lookup;
  const std::string folder = entryFolder(key);
  std::error_code code;
  if (!fs::exists(folder, code)) return lookup;  // Missing
  // In use while it is read: eviction skips it. An eviction that won the lock has moved the
  // folder away by the time this one gets it.
  const FolderLock reading(folder, /*exclusive=*/false, /*wait=*/true);
  if (!fs::exists(folder, code)) return lookup;  // Missing
  const std::string manifestPath = (fs::path(folder) / kManifest).string();
  try {
    auto corrupt = [&](const std::string& why) { throw Rejected{PtiCacheStatus::Corrupt, why}; };
    if (!fs::is_regular_file(manifestPath)) corrupt(manifestPath + ": missing");
    nlohmann::json manifest;
    {
      const std::vector<char> bytes = detail::readFileBytes(manifestPath);
      try {
        manifest = nlohmann::json::parse(bytes.begin(), bytes.end());
      } catch (const nlohmann::json::exception&) {
        corrupt(manifestPath + ": not valid JSON");
      }
    }
    if (!manifest.is_object() || !manifest.contains("manifest_xxh64") ||
        manifest["manifest_xxh64"] != manifestDigest(manifest))
      corrupt(manifestPath + ": its checksum does not match its content");
    if (manifest.value("format", "") != kFormat ||
        manifest.value("format_version", 0) != kFormatVersion)
      throw Rejected{PtiCacheStatus::Stale, manifestPath + ": not a cache entry of this version"};
    if (manifest["key"] != key.toJson())
      throw Rejected{PtiCacheStatus::Stale,
                     manifestPath + ": written for another clip, model, pivots or settings"};

    const int64_t frames = manifest.at("frames").get<int64_t>();
    const int64_t numWs = base.numWs();
    const int64_t wDim = base.config().wDim;
    if (manifest.at("numWs").get<int64_t>() != numWs || manifest.at("wDim").get<int64_t>() != wDim)
      throw Rejected{PtiCacheStatus::Stale, manifestPath + ": written for another W+ size"};

    int64_t bytesOnDisk = 0;
    auto readChecked = [&](const char* name) {
      const std::string path = (fs::path(folder) / name).string();
      if (!fs::is_regular_file(path)) corrupt(path + ": missing");
      const nlohmann::json& expected = manifest.at("files").at(name);
      const std::vector<char> bytes = detail::readFileBytes(path);
      if (static_cast<int64_t>(bytes.size()) != expected.at("bytes").get<int64_t>())
        corrupt(path + ": " + std::to_string(bytes.size()) + " bytes, the manifest says " +
                std::to_string(expected.at("bytes").get<int64_t>()) + " (truncated?)");
      if (bytesDigest(bytes.data(), bytes.size()) != expected.at("xxh64").get<std::string>())
        corrupt(path + ": its xxh64 checksum does not match the manifest (corrupt)");
      bytesOnDisk += static_cast<int64_t>(bytes.size());
      return parseSafetensors(bytes, path);
    };

    PtiCacheEntry entry;
    entry.folder = folder;
    SafetensorsContent pivots = readChecked(kPivots);
    SafetensorsContent delta = readChecked(kDelta);
    {
      const std::vector<char> manifestBytes = detail::readFileBytes(manifestPath);
      entry.bytesOnDisk = bytesOnDisk + static_cast<int64_t>(manifestBytes.size());
    }

    auto found = pivots.tensors.find("pivots");
    if (found == pivots.tensors.end() || pivots.tensors.size() != 1)
      corrupt(folder + "/" + kPivots + ": must hold exactly one tensor 'pivots'");
    const at::Tensor& w = found->second;
    if (w.scalar_type() != at::kFloat || w.dim() != 3 || w.size(0) != frames ||
        w.size(1) != numWs || w.size(2) != wDim)
      corrupt(folder + "/" + kPivots + ": pivots have shape " + shapeToString(w.sizes()) +
              ", expected float32 [" + std::to_string(frames) + "," + std::to_string(numWs) + "," +
              std::to_string(wDim) + "]");
    entry.pivots = w;
    const std::string deltaSource = folder + "/" + kDelta;
    const DeltaEncoding encoding =
        parseDeltaEncoding(manifest.at("deltaEncoding").get<std::string>());
    entry.delta = generatorDeltaFromTensors(encoding, std::move(delta.tensors), deltaSource);
    entry.generator = applyGeneratorDelta(base, entry.delta, deltaSource);
    entry.metrics = manifest.value("metrics", nlohmann::json::object());
    // The entry's last use, for the size limit's eviction order. A read-only cache stays usable.
    fs::last_write_time(folder, fs::file_time_type::clock::now(), code);
    lookup.status = PtiCacheStatus::Valid;
    lookup.entry = std::move(entry);
    return lookup;
  } catch (const Rejected& rejected) {
    lookup.status = rejected.status;
    lookup.reason = rejected.reason;
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    lookup.status = PtiCacheStatus::Corrupt;
    lookup.reason = e.what();
  } catch (const nlohmann::json::exception& e) {
    lookup.status = PtiCacheStatus::Corrupt;
    lookup.reason = manifestPath + ": " + e.what();
  }
  lookup.entry.reset();
  return lookup;
}

std::string PtiCache::store(const PtiCacheKey& key, const at::Tensor& pivots,
                            const GeneratorDelta& delta, const nlohmann::json& metrics,
                            PtiCacheEviction* evicted) const {
  if (pivots.dim() != 3) throw Error("PTI cache: pivots must be [T, num_ws, w_dim]");
  std::error_code code;
  fs::create_directories(root_, code);
  if (!fs::is_directory(root_)) throw Error(root_ + ": cannot create the PTI cache folder");
  const std::string folder = entryFolder(key);
  const std::string name = key.entryName();
  const fs::path temporary = fs::path(root_) / ("." + name + ".tmp-" + uniqueSuffix());
  struct RemoveOnFailure {
    fs::path path;
    bool keep = false;
    ~RemoveOnFailure() {
      std::error_code ignored;
      if (!keep) fs::remove_all(path, ignored);
    }
  } guard{temporary};
  if (!fs::create_directory(temporary, code))
    throw Error(temporary.string() + ": cannot create a folder in the PTI cache");

  nlohmann::json manifest = {{"format", kFormat},
                             {"format_version", kFormatVersion},
                             {"key", key.toJson()},
                             {"frames", pivots.size(0)},
                             {"numWs", pivots.size(1)},
                             {"wDim", pivots.size(2)},
                             {"deltaEncoding", deltaEncodingName(delta.encoding)},
                             {"changedTensors", delta.changedTensors()},
                             {"metrics", metrics}};
  auto writeFile = [&](const char* file, const TensorMap& tensors,
                       const std::map<std::string, std::string>& metadata) {
    const std::string path = (temporary / file).string();
    writeSafetensors(path, tensors, metadata);
    const std::vector<char> bytes = detail::readFileBytes(path);
    manifest["files"][file] = {{"bytes", static_cast<int64_t>(bytes.size())},
                               {"xxh64", bytesDigest(bytes.data(), bytes.size())}};
  };
  writeFile(kPivots, {{"pivots", pivots.detach().to(at::kCPU, at::kFloat).contiguous()}}, {});
  writeFile(kDelta, delta.tensors, {{"encoding", deltaEncodingName(delta.encoding)}});
  manifest["manifest_xxh64"] = manifestDigest(manifest);
  const std::string text = manifest.dump(2) + "\n";
  detail::writeFileAtomically((temporary / kManifest).string(), {{text.data(), text.size()}});

  // Replace: move an old entry aside first (rename cannot replace a non-empty folder), then
  // move the new one in, then delete the old one.
  const fs::path old = fs::path(root_) / ("." + name + ".old-" + uniqueSuffix());
  const bool hadOld = fs::exists(folder, code);
  if (hadOld) {
    fs::rename(folder, old, code);
    if (code) throw Error(folder + ": cannot replace the cache entry: " + code.message());
  }
  fs::rename(temporary, folder, code);
  if (code) throw Error(folder + ": cannot write the cache entry: " + code.message());
  guard.keep = true;
  if (hadOld) fs::remove_all(old, code);
  if (limitBytes_ > 0) {
    PtiCacheEviction eviction = evictLeastRecentlyUsed(limitBytes_, folder);
    if (evicted) *evicted = std::move(eviction);
  }
  return folder;
}

PtiCacheEviction PtiCache::evictLeastRecentlyUsed(int64_t limitBytes,
                                                  const std::string& keep) const {
  PtiCacheEviction eviction;
  std::error_code code;
  if (!fs::is_directory(root_, code)) return eviction;
  struct Candidate {
    fs::path folder;
    fs::file_time_type lastUse;
    int64_t bytes;
  };
  std::vector<Candidate> candidates;
  const fs::path kept = keep.empty() ? fs::path() : fs::path(keep).lexically_normal();
  int64_t total = 0;
  for (auto it = fs::directory_iterator(root_, code); !code && it != fs::directory_iterator();
       it.increment(code)) {
    const fs::path path = it->path();
    const int64_t bytes = bytesUnder(path);
    total += bytes;
    std::error_code entryCode;
    // Only entries; hidden folders (a write or an eviction in flight) and anything else stay.
    if (path.filename().string().rfind("pti-", 0) != 0 || !it->is_directory(entryCode)) continue;
    if (!kept.empty() && path.lexically_normal() == kept) continue;
    const fs::file_time_type lastUse = fs::last_write_time(path, entryCode);
    if (entryCode) continue;
    candidates.push_back({path, lastUse, bytes});
  }
  eviction.bytesBefore = total;
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.lastUse != b.lastUse ? a.lastUse < b.lastUse : a.folder < b.folder;
  });
  for (const Candidate& candidate : candidates) {
    if (total <= limitBytes) break;
    const FolderLock removing(candidate.folder, /*exclusive=*/true, /*wait=*/false);
    if (!removing.locked()) continue;  // a find() is reading it
    // Out of the way in one rename (find() sees it whole or Missing), then deleted.
    const fs::path doomed =
        fs::path(root_) / ("." + candidate.folder.filename().string() + ".evict-" + uniqueSuffix());
    std::error_code moveCode;
    fs::rename(candidate.folder, doomed, moveCode);
    if (moveCode) continue;
    std::error_code removeCode;
    fs::remove_all(doomed, removeCode);
    total -= candidate.bytes - (removeCode ? bytesUnder(doomed) : 0);
    eviction.removed.push_back(candidate.folder.string());
  }
  eviction.bytesAfter = total;
  return eviction;
}

}  // namespace latentecho
