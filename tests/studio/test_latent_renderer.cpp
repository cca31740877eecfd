// The latent edit in the studio, driven through the real window offscreen: opening a clip starts a
// tuning job with a tiny random generator and encoder made here, the latent renderer then answers
// the α slider, a second opening reuses the PTI cache, a long tuning job can be cancelled, and the
// real direction is computed from two folders as a job.
// LibTorch before any Qt header: Qt's `slots` macro breaks torch's headers (ivalue_inl.h).
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/io/tuned_clip.h"
#include "tiny_generator.h"
// clang-format off
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "clip_player.h"
#include "frame_view.h"
#include "job_manager.h"
#include "latent_renderer.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/clip_writer.h"
#include "main_window.h"
#include "preferences_dialog.h"
#include "render_worker.h"
#include "temp_dir.h"
#include "test_application.h"
// clang-format on

namespace latentecho::studio {
namespace {

using latentecho::testing::TempDir;

// A fan of speckle with a dark disc in it that grows frame by frame.
Clip fanClip(int frames, std::uint32_t seed = 12345) {
  Clip clip(frames, 160, 200, 25.0);
  SectorGeometry sector;
  sector.apexX = 100;
  sector.apexY = 10;
  sector.outerRadius = 140;
  sector.halfAngle = 0.7;
  std::uint32_t state = seed;
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < clip.height; ++y)
      for (int x = 0; x < clip.width; ++x) {
        state = state * 1664525u + 1013904223u;
        std::uint8_t value = 0;
        if (sector.contains(x + 0.5, y + 0.5)) {
          const double r = std::hypot(x - 100.0, y - 90.0);
          value = r < 20.0 + 5.0 * t ? 15 : static_cast<std::uint8_t>(90 + (state >> 24) % 120);
        }
        clip.at(t, y, x) = value;
      }
  return clip;
}

class LatentStudioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QApplication>("test_latent_renderer");
  }

  void SetUp() override {
    // A 64 px generator (W+ 10 x 32) and an encoder for it, a random direction, a cache here.
    StyleGan2GeneratorConfig config = latentecho::testing::tinyGeneratorConfig();
    config.resolution = 64;
    config.setChannels(256, 32);
    at::manual_seed(7);
    StyleGan2Generator generator(config);
    saveStyleGan2Generator(dir_.file("generator"), *generator, {{"made", "test"}});
    at::manual_seed(8);
    E4eEncoder(E4eEncoderConfig::compact(config.numWs(), config.wDim, 1, 64))
        .save(dir_.file("encoder"), {{"made", "test"}});
    at::manual_seed(9);
    EditDirection(at::randn({config.numWs(), config.wDim}) * 2.0).save(dir_.file("direction.pt"));

    QSettings settings;
    settings.clear();
    settings.setValue(settings_keys::kGeneratorFolder,
                      QString::fromStdString(dir_.file("generator")));
    settings.setValue(settings_keys::kEncoderFolder, QString::fromStdString(dir_.file("encoder")));
    settings.setValue(settings_keys::kDirectionFile,
                      QString::fromStdString(dir_.file("direction.pt")));
    settings.setValue(settings_keys::kCacheFolder, QString::fromStdString(dir_.file("cache")));
    settings.setValue(settings_keys::kPtiSteps, 2);
    settings.setValue(settings_keys::kFrames, 3);
    settings.setValue("enhance/method", "latent");
    writeClip(fanClip(5), dir_.file("fan.avi"));
  }

  TempDir dir_;
};

template <typename Predicate>
bool waitFor(Predicate done, int milliseconds = 60000) {
  for (int waited = 0; waited < milliseconds; waited += 20) {
    if (done()) return true;
    QTest::qWait(20);
  }
  return done();
}

bool openAndWait(MainWindow& window, const std::string& path) {
  QSignalSpy spy(&window, &MainWindow::loadFinished);
  window.openClip(QString::fromStdString(path));
  return spy.wait(30000) && spy.takeFirst().at(0).toBool();
}

std::shared_ptr<const LatentRenderer> latentOf(const MainWindow& window) {
  return std::dynamic_pointer_cast<const LatentRenderer>(window.renderer());
}

bool enhancedShown(MainWindow& window) {
  return waitFor([&] {
    return !window.renderWorker()
                ->frame(window.alpha(), window.player()->currentFrame())
                .isNull() &&
           !window.enhancedView()->caption().contains("rendering");
  });
}

TEST_F(LatentStudioTest, TuningJobMakesTheLatentRendererThatFollowsTheSlider) {
  EXPECT_TRUE(LatentEditSettings::fromSettings().missingModels().isEmpty());
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, dir_.file("fan.avi")));
  EXPECT_EQ(window.method(), "latent");
  EXPECT_EQ(window.player()->frameCount(), 3);  // the frames window of the settings
  ASSERT_GT(window.tuneJob(), 0);
  EXPECT_TRUE(window.enhancedView()->caption().contains("Tuning"))
      << window.enhancedView()->caption().toStdString();
  ASSERT_TRUE(waitFor([&] { return latentOf(window) != nullptr; }))
      << window.jobs()->status(window.tuneJob()).error.toStdString();
  EXPECT_EQ(window.jobs()->status(window.tuneJob()).state, JobManager::State::Finished);
  EXPECT_FALSE(latentOf(window)->tuned()->report.value("reused", true));

  window.setAlpha(0.0);
  ASSERT_TRUE(enhancedShown(window));
  const QImage reconstruction = window.enhancedView()->frame();
  EXPECT_EQ(reconstruction.size(), window.originalView()->frame().size());  // 64 px, shown at 256
  EXPECT_TRUE(window.enhancedView()->caption().contains("latent edit"));
  window.setAlpha(2.0);
  ASSERT_TRUE(enhancedShown(window));
  EXPECT_NE(window.enhancedView()->frame(), reconstruction);  // the slider moves along d
  // The whole clip follows.
  ASSERT_TRUE(waitFor([&] { return window.renderWorker()->renderedCount(2.0) == 3; }));

  // The same clip again: the PTI cache entry is reused, no tuning.
  MainWindow second;
  second.show();
  ASSERT_TRUE(openAndWait(second, dir_.file("fan.avi")));
  ASSERT_TRUE(waitFor([&] { return latentOf(second) != nullptr; }));
  EXPECT_TRUE(latentOf(second)->tuned()->report.value("reused", false));
  second.setAlpha(2.0);
  ASSERT_TRUE(enhancedShown(second));
  EXPECT_EQ(second.enhancedView()->frame(), window.enhancedView()->frame());

  // Another direction re-renders without tuning again.
  const int tuneJob = second.tuneJob();
  EditDirection(at::zeros({10, 32})).save(dir_.file("zero.pt"));
  second.setDirectionFile(QString::fromStdString(dir_.file("zero.pt")));
  EXPECT_EQ(second.tuneJob(), tuneJob);
  ASSERT_TRUE(enhancedShown(second));
  second.setAlpha(1.0);  // a zero direction: every α shows the reconstruction
  ASSERT_TRUE(enhancedShown(second));
  EXPECT_EQ(second.enhancedView()->frame(), reconstruction);
  window.jobs()->waitForAll();
  second.jobs()->waitForAll();
}

TEST_F(LatentStudioTest, TuningCanBeCancelledAndStartedAgain) {
  QSettings().setValue(settings_keys::kPtiSteps, 100000);  // hours: only a cancel ends it
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, dir_.file("fan.avi")));
  const int job = window.tuneJob();
  ASSERT_GT(job, 0);
  ASSERT_TRUE(waitFor([&] { return window.jobs()->status(job).fraction > 0.05; }));
  window.jobs()->cancel(job);
  ASSERT_TRUE(
      waitFor([&] { return window.jobs()->status(job).state != JobManager::State::Running; }));
  EXPECT_EQ(window.jobs()->status(job).state, JobManager::State::Cancelled);
  EXPECT_EQ(latentOf(window), nullptr);
  EXPECT_TRUE(window.enhancedView()->caption().contains("cancelled"))
      << window.enhancedView()->caption().toStdString();
  EXPECT_TRUE(QDir(QString::fromStdString(dir_.file("cache"))).isEmpty());  // nothing stored

  QSettings().setValue(settings_keys::kPtiSteps, 1);
  window.tuneAgain();
  EXPECT_GT(window.tuneJob(), job);
  ASSERT_TRUE(waitFor([&] { return latentOf(window) != nullptr; }));
  window.jobs()->waitForAll();
}

TEST_F(LatentStudioTest, TheCacheSizeLimitPreferenceEvictsOldEntriesWhenATuningIsStored) {
  namespace fs = std::filesystem;
  EXPECT_EQ(LatentEditSettings::fromSettings().cacheLimitGb, settings_keys::kDefaultCacheLimitGb);
  QSettings().setValue(settings_keys::kCacheLimitGb, 1);
  EXPECT_EQ(LatentEditSettings::fromSettings().cacheLimitGb, 1);
  // An old entry of 2 GiB (a sparse file: no disk space used) that a 1 GiB limit cannot keep.
  const fs::path old = fs::path(dir_.file("cache")) / "pti-00000000000000aa";
  fs::create_directories(old);
  std::ofstream(old / "delta.safetensors").put('x');
  fs::resize_file(old / "delta.safetensors", std::uintmax_t{2} << 30);
  fs::last_write_time(old, fs::file_time_type::clock::now() - std::chrono::hours(1));

  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, dir_.file("fan.avi")));
  ASSERT_TRUE(waitFor([&] { return latentOf(window) != nullptr; }))
      << window.jobs()->status(window.tuneJob()).error.toStdString();
  window.jobs()->waitForAll();
  EXPECT_FALSE(fs::exists(old));
  const nlohmann::json& cache = latentOf(window)->tuned()->report.at("cache");
  EXPECT_EQ(cache.at("limitBytes").get<int64_t>(), int64_t{1} << 30);
  ASSERT_EQ(cache.at("evicted").size(), 1u);
  EXPECT_EQ(fs::path(cache.at("evicted")[0].get<std::string>()).filename(), old.filename());
  EXPECT_TRUE(fs::exists(cache.at("folder").get<std::string>()));  // the new entry stays
}

TEST_F(LatentStudioTest, MissingModelsAreSaidInTheWindow) {
  QSettings().setValue(settings_keys::kEncoderFolder, QString::fromStdString(dir_.file("none")));
  MainWindow window;
  window.show();
  ASSERT_TRUE(openAndWait(window, dir_.file("fan.avi")));
  EXPECT_TRUE(window.enhancedView()->caption().contains("encoder"))
      << window.enhancedView()->caption().toStdString();
  EXPECT_EQ(window.renderer(), nullptr);
  window.setMethod("bilateral");  // the baselines still work
  ASSERT_TRUE(enhancedShown(window));
}

TEST_F(LatentStudioTest, ComputesTheRealDirectionFromTwoFoldersAndUsesIt) {
  QDir().mkpath(QString::fromStdString(dir_.file("hq")));
  QDir().mkpath(QString::fromStdString(dir_.file("lq")));
  writeClip(fanClip(3, 1), dir_.file("hq/a.avi"));
  writeClip(fanClip(3, 2), dir_.file("lq/b.avi"));
  MainWindow window;
  const QString out = QString::fromStdString(dir_.file("real.pt"));
  const int job = window.computeRealDirection(QString::fromStdString(dir_.file("hq")),
                                              QString::fromStdString(dir_.file("lq")), out);
  window.jobs()->waitForAll();
  ASSERT_EQ(window.jobs()->status(job).state, JobManager::State::Finished)
      << window.jobs()->status(job).error.toStdString();
  const EditDirection direction = EditDirection::load(out.toStdString());
  EXPECT_EQ(direction.numWs(), 10);
  EXPECT_EQ(direction.provenance()["highQuality"]["clips"][0], "a.avi");
  EXPECT_EQ(QSettings().value(settings_keys::kDirectionFile).toString(), out);
}

}  // namespace
}  // namespace latentecho::studio
