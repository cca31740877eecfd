// The io tune flow (tuned_clip.h) with a tiny random generator and pivots from a file: models
// loaded once serve clip after clip and give what the one-shot flow gives; a known sector is used
// instead of the search; inputs that do not fit fail naming the problem.
#include "latentecho/io/tuned_clip.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/clip_reader.h"
#include "temp_dir.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

constexpr int kFrames = 3;

struct Fixture {
  testing::TempDir dir;
  std::string model = dir.file("model");
  std::string pivots = dir.file("pivots.pt");
  Clip clip;

  Fixture() {
    ReadLimits limits;
    limits.maxFrames = kFrames;
    clip =
        readClip(std::string(LATENTECHO_SOURCE_DIR) + "/resources/samples/sample_a4c.avi", limits);
    StyleGan2Generator g = testing::tinyGenerator(1);
    saveStyleGan2Generator(model, *g, {{"made", "test"}});
    writeTorchTensor(pivots, testing::tinyCodes(*g, kFrames, 2));
  }

  TuneRequest request() const {
    TuneRequest r;
    r.model = model;
    r.pivots = pivots;
    r.noCache = true;
    r.frames = kFrames;
    r.settings.steps = 1;
    r.settings.batchSize = kFrames;
    return r;
  }
};

std::string messageOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TunedClip, ModelsLoadedOnceGiveWhatTheOneShotFlowGives) {
  Fixture f;
  const TuneRequest request = f.request();
  const TuneModels models = loadTuneModels(request);
  ASSERT_TRUE(models.base);
  EXPECT_EQ(models.modelDir, f.model);
  EXPECT_FALSE(models.baseDigest.empty());
  EXPECT_FALSE(models.encoder);  // pivots from a file: no encoder loaded
  EXPECT_TRUE(models.encoderDir.empty());

  const TunedClip once = prepareAndTune(f.clip, "sample", request);
  const TunedClip first = prepareAndTune(f.clip, "sample", request, models);
  const TunedClip second = prepareAndTune(f.clip, "sample", request, models);
  EXPECT_TRUE(at::equal(first.frames, once.frames));
  EXPECT_TRUE(at::equal(first.pivots, once.pivots));
  EXPECT_EQ(first.report["model"], once.report["model"]);
  EXPECT_EQ(first.report["clip"], once.report["clip"]);
  // The shared base generator is not changed by tuning: the second clip tunes from the same start.
  EXPECT_EQ(first.base.get(), second.base.get());
  const auto secondParameters = second.tuned->named_parameters();
  for (const auto& item : first.tuned->named_parameters())
    EXPECT_TRUE(at::allclose(item.value(), secondParameters[item.key()])) << item.key();
}

TEST(TunedClip, AKnownSectorIsUsedInsteadOfTheSearch) {
  Fixture f;
  TuneRequest request = f.request();
  const TuneModels models = loadTuneModels(request);
  const SectorGeometry found =
      prepareAndTune(f.clip, "sample", request, models).prepared.sectorInSource;
  ASSERT_TRUE(found.valid());
  SectorGeometry narrower = found;
  narrower.halfAngle *= 0.6;
  narrower.outerRadius *= 0.8;
  request.sector = narrower;
  const TunedClip tuned = prepareAndTune(f.clip, "sample", request, models);
  EXPECT_DOUBLE_EQ(tuned.prepared.sectorInSource.halfAngle, narrower.halfAngle);
  EXPECT_DOUBLE_EQ(tuned.prepared.sectorInSource.outerRadius, narrower.outerRadius);
  EXPECT_DOUBLE_EQ(tuned.prepared.sectorInSource.apexX, narrower.apexX);
}

TEST(TunedClip, InputsThatDoNotFitFailNamingTheProblem) {
  Fixture f;
  TuneRequest bad = f.request();
  bad.settings.batchSize = 0;
  bad.model = f.dir.file("no-such-model");
  // The settings are checked before the (missing) model folder is read.
  EXPECT_NE(messageOf([&] { loadTuneModels(bad); }).find("PTI settings"), std::string::npos);

  TuneRequest both = f.request();
  both.encoder = f.dir.file("encoder");
  EXPECT_NE(messageOf([&] { loadTuneModels(both); }).find("not both"), std::string::npos);

  const TuneModels models = loadTuneModels(f.request());
  TuneRequest withoutPivots = f.request();
  withoutPivots.pivots.clear();  // would need an encoder, which these models lack
  EXPECT_NE(messageOf([&] {
              prepareAndTune(f.clip, "sample", withoutPivots, models);
            }).find("loaded for other inputs"),
            std::string::npos);

  TuneRequest late = f.request();
  late.firstFrame = kFrames;
  EXPECT_NE(messageOf([&] { prepareAndTune(f.clip, "sample", late, models); }).find("sample"),
            std::string::npos);
  EXPECT_NE(messageOf([&] {
              prepareAndTune(f.clip, "sample", f.request(), TuneModels{});
            }).find("no models loaded"),
            std::string::npos);
}

}  // namespace
}  // namespace latentecho
