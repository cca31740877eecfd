#include "latentecho/core/pti_cache.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#define LATENTECHO_TEST_FLOCK 1
#endif

#include "latentecho/core/pivotal_tuning.h"
#include "temp_dir.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::tinyCodes;
using testing::tinyGenerator;

struct Tuned {
  StyleGan2Generator base{nullptr};
  at::Tensor frames;
  at::Tensor pivots;
  PivotalTuningSettings settings;
  PivotalTuningResult result;
  PtiCacheKey key;
};

Tuned tuneTinyClip(DeltaEncoding encoding = DeltaEncoding::Int8) {
  Tuned t;
  t.base = tinyGenerator(1);
  t.pivots = tinyCodes(*t.base, 4, 5);
  {
    at::NoGradGuard noGrad;
    StyleGan2Generator other = tinyGenerator(2);
    t.frames = other->synthesize(t.pivots).clamp(-1, 1);
  }
  t.settings.steps = 8;
  t.settings.batchSize = 4;
  t.settings.learningRate = 2e-3;
  t.settings.deltaEncoding = encoding;
  t.result = PivotalTuner(t.base, t.settings).tune(t.frames, t.pivots);
  t.key = {framesDigest(t.frames), generatorDigest(*t.base), "pivots:" + tensorDigest(t.pivots),
           pivotalTuningSettingsToJson(t.settings)};
  return t;
}

at::Tensor render(StyleGan2GeneratorImpl& g, const at::Tensor& ws) {
  at::NoGradGuard noGrad;
  return g.synthesize(ws);
}

void flipByte(const fs::path& file, std::uintmax_t offsetFromEnd) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  const auto size = fs::file_size(file);
  stream.seekg(static_cast<std::streamoff>(size - offsetFromEnd));
  char c = 0;
  stream.read(&c, 1);
  c = static_cast<char>(c ^ 0x10);
  stream.seekp(static_cast<std::streamoff>(size - offsetFromEnd));
  stream.write(&c, 1);
}

TEST(PtiCache, RoundTripReproducesTheTunedGeneratorBitForBit) {
  TempDir dir;
  Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"));
  EXPECT_EQ(cache.find(t.key, *t.base).status, PtiCacheStatus::Missing);
  const std::string folder = cache.store(t.key, t.pivots, t.result.delta,
                                         {{"psnrAfter", t.result.after.summary()["psnr"]}});
  EXPECT_EQ(folder, cache.entryFolder(t.key));
  EXPECT_TRUE(fs::is_regular_file(fs::path(folder) / "manifest.json"));

  PtiCacheLookup found = cache.find(t.key, *t.base);
  ASSERT_EQ(found.status, PtiCacheStatus::Valid) << found.reason;
  ASSERT_TRUE(found.entry);
  EXPECT_TRUE(found.entry->pivots.equal(t.pivots));
  EXPECT_EQ(generatorDigest(*found.entry->generator), generatorDigest(*t.result.generator));
  const at::Tensor ws = tinyCodes(*t.base, 3, 9);
  EXPECT_TRUE(render(*found.entry->generator, ws).equal(render(*t.result.generator, ws)));
  EXPECT_TRUE(
      render(*found.entry->generator, t.pivots).equal(render(*t.result.generator, t.pivots)));
  EXPECT_GT(found.entry->bytesOnDisk, 0);
  EXPECT_EQ(found.entry->metrics["psnrAfter"], t.result.after.summary()["psnr"]);
}

TEST(PtiCache, EveryEncodingRoundTripsExactly) {
  for (DeltaEncoding encoding : {DeltaEncoding::Float32, DeltaEncoding::Float16}) {
    TempDir dir;
    Tuned t = tuneTinyClip(encoding);
    PtiCache cache(dir.file("cache"));
    cache.store(t.key, t.pivots, t.result.delta, {});
    PtiCacheLookup found = cache.find(t.key, *t.base);
    ASSERT_EQ(found.status, PtiCacheStatus::Valid) << found.reason;
    EXPECT_EQ(generatorDigest(*found.entry->generator), generatorDigest(*t.result.generator));
  }
}

TEST(PtiCache, DetectsACorruptByteInAnyFileAndIsRebuiltByStore) {
  TempDir dir;
  Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"));
  for (const char* file : {"delta.safetensors", "pivots.safetensors", "manifest.json"}) {
    const std::string folder = cache.store(t.key, t.pivots, t.result.delta, {});
    flipByte(fs::path(folder) / file, 40);
    PtiCacheLookup found = cache.find(t.key, *t.base);
    EXPECT_EQ(found.status, PtiCacheStatus::Corrupt) << file;
    EXPECT_FALSE(found.entry) << file;
    EXPECT_NE(found.reason.find(file), std::string::npos) << found.reason;
    // Rebuilding replaces the damaged entry atomically.
    cache.store(t.key, t.pivots, t.result.delta, {});
    EXPECT_EQ(cache.find(t.key, *t.base).status, PtiCacheStatus::Valid) << file;
  }
}

TEST(PtiCache, DetectsTruncatedAndMissingFiles) {
  TempDir dir;
  Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"));
  const std::string folder = cache.store(t.key, t.pivots, t.result.delta, {});
  const fs::path delta = fs::path(folder) / "delta.safetensors";
  fs::resize_file(delta, fs::file_size(delta) - 100);
  PtiCacheLookup found = cache.find(t.key, *t.base);
  EXPECT_EQ(found.status, PtiCacheStatus::Corrupt);
  EXPECT_NE(found.reason.find("truncated"), std::string::npos) << found.reason;
  fs::remove(delta);
  EXPECT_EQ(cache.find(t.key, *t.base).status, PtiCacheStatus::Corrupt);
}

TEST(PtiCache, DifferentSettingsClipOrModelGiveDifferentEntries) {
  Tuned t = tuneTinyClip();
  PtiCacheKey other = t.key;
  PivotalTuningSettings settings = t.settings;
  settings.steps += 1;
  other.settings = pivotalTuningSettingsToJson(settings);
  EXPECT_NE(other.entryName(), t.key.entryName());
  other = t.key;
  other.clipDigest = framesDigest(t.frames + 0.01);
  EXPECT_NE(other.clipDigest, t.key.clipDigest);
  EXPECT_NE(other.entryName(), t.key.entryName());
  other = t.key;
  other.baseModelDigest = generatorDigest(*tinyGenerator(3));
  EXPECT_NE(other.entryName(), t.key.entryName());
  other = t.key;
  other.pivotSource = "pivots:" + tensorDigest(t.pivots * 2);
  EXPECT_NE(other.entryName(), t.key.entryName());

  TempDir dir;
  PtiCache cache(dir.file("cache"));
  cache.store(t.key, t.pivots, t.result.delta, {});
  other = t.key;
  other.settings = pivotalTuningSettingsToJson(settings);
  EXPECT_EQ(cache.find(other, *t.base).status, PtiCacheStatus::Missing);
}

TEST(PtiCache, AnEntryUnderAnotherKeysNameIsStale) {
  TempDir dir;
  Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"));
  const std::string folder = cache.store(t.key, t.pivots, t.result.delta, {});
  PtiCacheKey other = t.key;
  other.pivotSource = "e4e:0123456789abcdef";
  fs::copy(folder, cache.entryFolder(other));
  PtiCacheLookup found = cache.find(other, *t.base);
  EXPECT_EQ(found.status, PtiCacheStatus::Stale);
  EXPECT_FALSE(found.reason.empty());
}

TEST(PtiCache, AnIntactEntryForAnotherBaseIsRejected) {
  // Same key fields but a base whose tensors have other shapes cannot take the delta.
  TempDir dir;
  Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"));
  cache.store(t.key, t.pivots, t.result.delta, {});
  StyleGan2GeneratorConfig config = testing::tinyGeneratorConfig();
  config.setChannels(512, 64);
  at::manual_seed(0);
  StyleGan2Generator wider(config);
  PtiCacheLookup found = cache.find(t.key, *wider);
  EXPECT_NE(found.status, PtiCacheStatus::Valid);
  EXPECT_FALSE(found.entry);
}

TEST(PtiCache, FramesDigestDependsOnValuesAndShape) {
  const at::Tensor a = at::zeros({2, 1, 8, 8});
  EXPECT_EQ(framesDigest(a), framesDigest(a.clone()));
  EXPECT_NE(framesDigest(a), framesDigest(at::zeros({1, 2, 8, 8})));
  at::Tensor b = a.clone();
  b[1][0][3][3] = 1.0 / 127.5;
  EXPECT_NE(framesDigest(a), framesDigest(b));
}

// The same tuned generator stored under another key (a clip digest of its own) as its own entry.
PtiCacheKey keyFor(const Tuned& t, const std::string& clip) {
  PtiCacheKey key = t.key;
  key.clipDigest = clip;
  return key;
}

void setLastUse(const std::string& folder, std::chrono::hours ago) {
  fs::last_write_time(folder, fs::file_time_type::clock::now() - ago);
}

int64_t bytesOf(const std::string& folder) {
  int64_t bytes = 0;
  for (const auto& file : fs::recursive_directory_iterator(folder))
    if (file.is_regular_file()) bytes += static_cast<int64_t>(file.file_size());
  return bytes;
}

TEST(PtiCache, StoreEvictsTheLeastRecentlyUsedEntriesDownToTheLimit) {
  TempDir dir;
  const Tuned t = tuneTinyClip();
  PtiCache unlimited(dir.file("cache"), 0);
  std::vector<std::string> folders;
  for (const char* clip : {"a", "b", "c"})
    folders.push_back(unlimited.store(keyFor(t, clip), t.pivots, t.result.delta, {}));
  // Made in the order a, b, c; then b is used again (find() marks it), so c is older than b.
  setLastUse(folders[0], std::chrono::hours(3));
  setLastUse(folders[1], std::chrono::hours(2));
  setLastUse(folders[2], std::chrono::hours(1));
  ASSERT_EQ(unlimited.find(keyFor(t, "b"), *t.base).status, PtiCacheStatus::Valid);
  const int64_t entryBytes = bytesOf(folders[0]);
  EXPECT_EQ(bytesOf(folders[1]), entryBytes);

  // Room for two and a half entries: storing d removes a, then c; b (used) and d (new) stay.
  PtiCache limited(dir.file("cache"), entryBytes * 5 / 2);
  EXPECT_EQ(limited.limitBytes(), entryBytes * 5 / 2);
  PtiCacheEviction eviction;
  const std::string d = limited.store(keyFor(t, "d"), t.pivots, t.result.delta, {}, &eviction);
  EXPECT_EQ(eviction.removed, (std::vector<std::string>{folders[0], folders[2]}));
  EXPECT_EQ(eviction.bytesBefore, 4 * entryBytes);
  EXPECT_EQ(eviction.bytesAfter, 2 * entryBytes);
  EXPECT_FALSE(fs::exists(folders[0]));
  EXPECT_FALSE(fs::exists(folders[2]));
  EXPECT_EQ(limited.find(keyFor(t, "b"), *t.base).status, PtiCacheStatus::Valid);
  EXPECT_EQ(limited.find(keyFor(t, "d"), *t.base).status, PtiCacheStatus::Valid);
  EXPECT_EQ(limited.find(keyFor(t, "a"), *t.base).status, PtiCacheStatus::Missing);
  // Nothing else is left behind (no moved-aside folders).
  int children = 0;
  for ([[maybe_unused]] const auto& child : fs::directory_iterator(dir.file("cache"))) ++children;
  EXPECT_EQ(children, 2);

  // Under the limit: nothing to do.
  const PtiCacheEviction none = limited.evictLeastRecentlyUsed(limited.limitBytes());
  EXPECT_TRUE(none.removed.empty());
  EXPECT_EQ(none.bytesBefore, 2 * entryBytes);
}

TEST(PtiCache, NeverEvictsTheEntryJustWrittenNorOneInUseNorAWriteInFlight) {
  TempDir dir;
  const Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"), 1);  // one byte: everything else would go
  const std::string first = cache.store(keyFor(t, "first"), t.pivots, t.result.delta, {});
  EXPECT_TRUE(fs::exists(first));  // the entry just written stays, alone over the limit
  setLastUse(first, std::chrono::hours(1));
  // Another process's write in flight: a hidden temporary folder.
  const fs::path inFlight = fs::path(dir.file("cache")) / ".pti-0123456789abcdef.tmp-1";
  fs::create_directories(inFlight);
  std::ofstream(inFlight / "pivots.safetensors") << "partial";

#ifdef LATENTECHO_TEST_FLOCK
  {
    // A reader holds the entry (find() takes this shared lock while it reads).
    const int reader = ::open(first.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(reader, 0);
    ASSERT_EQ(::flock(reader, LOCK_SH), 0);
    PtiCacheEviction eviction;
    const std::string second =
        cache.store(keyFor(t, "second"), t.pivots, t.result.delta, {}, &eviction);
    EXPECT_TRUE(eviction.removed.empty());
    EXPECT_TRUE(fs::exists(first));
    EXPECT_TRUE(fs::exists(second));
    EXPECT_GT(eviction.bytesAfter, 1);  // over the limit: nothing may go
    ::close(reader);
  }
#endif
  // Released: the oldest goes first; `keep` protects the other.
  const std::string second = cache.entryFolder(keyFor(t, "second"));
  if (!fs::exists(second)) cache.store(keyFor(t, "second"), t.pivots, t.result.delta, {});
  const PtiCacheEviction eviction = cache.evictLeastRecentlyUsed(1, second);
  EXPECT_EQ(eviction.removed, std::vector<std::string>{first});
  EXPECT_TRUE(fs::exists(second));
  EXPECT_TRUE(fs::exists(inFlight / "pivots.safetensors"));
}

TEST(PtiCache, NoLimitMeansNoEviction) {
  TempDir dir;
  const Tuned t = tuneTinyClip();
  PtiCache cache(dir.file("cache"), 0);
  const std::string a = cache.store(keyFor(t, "a"), t.pivots, t.result.delta, {});
  PtiCacheEviction eviction;
  cache.store(keyFor(t, "b"), t.pivots, t.result.delta, {}, &eviction);
  EXPECT_TRUE(fs::exists(a));
  EXPECT_TRUE(eviction.removed.empty());
  EXPECT_EQ(PtiCache(dir.file("other")).limitBytes(), kDefaultPtiCacheLimitBytes);
  // Eviction in a cache folder that does not exist yet is no error.
  EXPECT_TRUE(PtiCache(dir.file("absent"), 1).evictLeastRecentlyUsed(1).removed.empty());
}

}  // namespace
}  // namespace latentecho
