// GanTrainer on a tiny configuration (16x16, 32 channels, 2 mapping layers of 32): exact
// resumption from checkpoints, the EMA update rule, the direction of the updates, the loss log,
// cancellation and the model folder it writes.
#include "latentecho/core/gan_training.h"

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/stylegan2_model.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

StyleGan2GeneratorConfig tinyGenerator() {
  StyleGan2GeneratorConfig config;
  config.resolution = 16;
  config.imageChannels = 1;
  config.zDim = 32;
  config.wDim = 32;
  config.mappingLayers = 2;
  config.mappingLayerFeatures = 32;
  config.setChannels(512, 32);
  return config;
}

GanTrainingOptions tinyOptions() {
  GanTrainingOptions options;
  options.batchSize = 4;
  options.seed = 7;
  options.discriminatorRegularizationInterval = 4;  // R1 at steps 0, 4, 8, ...
  options.generatorRegularizationInterval = 2;
  options.pathLengthWeight = 2.0;  // exercise every phase
  return options;
}

// 24 smooth bright discs on black at varying places: uint8 [24, 1, 16, 16].
at::Tensor toyImages() {
  at::Generator random = at::make_generator<at::CPUGeneratorImpl>(11);
  at::Tensor centres = at::rand({24, 2}, random) * 8 + 4;
  at::Tensor coords = at::arange(16, at::kFloat);
  at::Tensor y = coords.view({1, 16, 1}), x = coords.view({1, 1, 16});
  at::Tensor d2 = (y - centres.select(1, 0).view({24, 1, 1})).square() +
                  (x - centres.select(1, 1).view({24, 1, 1})).square();
  at::Tensor images = at::exp(-d2 / 8.0) * 255.0;
  return images.round().clamp(0, 255).to(at::kByte).unsqueeze(1);
}

class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(fs::temp_directory_path() / ("latentecho_gan_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempFolder() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

double maxDifference(const GanTrainer& a, const GanTrainer& b) {
  const auto left = a.stateTensors();
  const auto right = b.stateTensors();
  EXPECT_EQ(left.size(), right.size());
  double worst = 0.0;
  for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
    EXPECT_EQ(left[i].first, right[i].first);
    const double d =
        (left[i].second.to(at::kDouble) - right[i].second.to(at::kDouble)).abs().max().item<double>();
    if (d > worst) worst = d;
  }
  return worst;
}

std::map<std::string, at::Tensor> parameters(const torch::nn::Module& module) {
  std::map<std::string, at::Tensor> out;
  for (const auto& item : module.named_parameters(true)) out[item.key()] = item.value().clone();
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The CSV without its last column (seconds differ between runs).
std::string withoutSeconds(const std::string& csv) {
  std::stringstream in(csv), out;
  std::string line;
  while (std::getline(in, line)) out << line.substr(0, line.rfind(',')) << '\n';
  return out.str();
}

TEST(GanTraining, StepsAreDeterministicAndResumeExactlyFromACheckpoint) {
  TensorImageSource images(toyImages());
  TempFolder folder("resume");
  const int total = 10, first = 5;  // crosses R1 (every 4) and path-length (every 2) steps

  GanTrainer straight(tinyGenerator(), tinyOptions());
  for (int i = 0; i < total; ++i) straight.step(images);

  GanTrainer interrupted(tinyGenerator(), tinyOptions());
  for (int i = 0; i < first; ++i) interrupted.step(images);
  interrupted.saveCheckpoint(folder / "checkpoint.safetensors");
  {
    GanTrainer resumed = GanTrainer::fromCheckpoint(folder / "checkpoint.safetensors");
    EXPECT_EQ(resumed.steps(), first);
    EXPECT_EQ(resumed.imagesSeen(), first * 4);
    EXPECT_EQ(maxDifference(resumed, interrupted), 0.0);
    for (int i = first; i < total; ++i) resumed.step(images);
    EXPECT_EQ(resumed.steps(), total);
    EXPECT_LE(maxDifference(resumed, straight), 1e-6);
  }
  // A different seed trains differently (the comparison above can fail).
  GanTrainingOptions other = tinyOptions();
  other.seed = 8;
  GanTrainer different(tinyGenerator(), other);
  for (int i = 0; i < 2; ++i) different.step(images);
  EXPECT_GT(maxDifference(different, interrupted), 1e-3);
}

TEST(GanTraining, TrainResumesExactlyWithTheSameLossLog) {
  TensorImageSource images(toyImages());
  TempFolder folder("log");
  GanTrainingRun run;
  run.totalKimg = 0.032;  // 8 steps of 4
  run.logIntervalSteps = 3;
  run.checkpointKimg = 0.012;  // after steps 3 and 6, and at the end
  run.snapshotKimg = 0;

  run.checkpointPath = folder / "straight.safetensors";
  run.lossLogPath = folder / "straight.csv";
  // Keep the checkpoint of step 3 as if the run had crashed after it.
  int checkpoints = 0;
  run.onCheckpoint = [&] {
    if (++checkpoints == 1) fs::copy_file(run.checkpointPath, folder / "step3.safetensors");
  };
  GanTrainer straight(tinyGenerator(), tinyOptions());
  const GanTrainingSummary summary = straight.train(images, run);
  EXPECT_EQ(summary.steps, 8);
  EXPECT_EQ(checkpoints, 3);

  // The "crashed" run's log holds rows past its checkpoint (step 6): they must go.
  fs::copy_file(folder / "straight.csv", folder / "resumed.csv");
  GanTrainer resumed = GanTrainer::fromCheckpoint(folder / "step3.safetensors");
  EXPECT_EQ(resumed.steps(), 3);
  GanTrainingRun again = run;
  again.onCheckpoint = nullptr;
  again.checkpointPath = folder / "resumed.safetensors";
  again.lossLogPath = folder / "resumed.csv";
  resumed.train(images, again);
  EXPECT_LE(maxDifference(resumed, straight), 1e-6);

  const std::string log = readFile(folder / "straight.csv");
  EXPECT_EQ(withoutSeconds(readFile(folder / "resumed.csv")), withoutSeconds(log));
  // Header + rows at steps 3, 6 and the partial interval at the end (8).
  std::stringstream lines(log);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], "kimg,step,loss_G,loss_D,loss_R1,loss_PL,r1_penalty,score_real,score_fake,seconds");
  EXPECT_EQ(rows[1].substr(0, 8), "0.012,3,");
  EXPECT_EQ(rows[3].substr(0, 8), "0.032,8,");

  // The final checkpoint reloads to the trained state.
  GanTrainer reloaded = GanTrainer::fromCheckpoint(folder / "resumed.safetensors");
  EXPECT_EQ(maxDifference(reloaded, resumed), 0.0);
}

TEST(GanTraining, LossesAreFiniteAndEveryNetworkMoves) {
  TensorImageSource images(toyImages());
  GanTrainer trainer(tinyGenerator(), tinyOptions());
  const auto g0 = parameters(trainer.generator());
  const auto d0 = parameters(trainer.discriminator());
  for (int i = 0; i < 5; ++i) {
    trainer.step(images);
    const GanStepLosses& l = trainer.lastLosses();
    EXPECT_TRUE(std::isfinite(l.generator));
    EXPECT_TRUE(std::isfinite(l.discriminator));
    EXPECT_TRUE(std::isfinite(l.realScore));
    EXPECT_TRUE(std::isfinite(l.fakeScore));
    EXPECT_GT(l.discriminator, 0.0);
    if (i % 4 == 0) {
      EXPECT_TRUE(std::isfinite(l.r1Penalty)) << "step " << i;
      EXPECT_NEAR(l.r1Loss, l.r1Penalty * tinyOptions().effectiveR1Gamma(16) / 2, 1e-9);
    } else {
      EXPECT_TRUE(std::isnan(l.r1Penalty)) << "step " << i;
    }
    if (i % 2 == 0)
      EXPECT_TRUE(std::isfinite(l.pathLengthPenalty)) << "step " << i;
    else
      EXPECT_TRUE(std::isnan(l.pathLengthPenalty)) << "step " << i;
  }
  // Every trainable tensor of G (mapping, synthesis, noise strengths) and D received updates.
  for (const auto& item : trainer.generator().named_parameters(true))
    EXPECT_FALSE(at::equal(item.value(), g0.at(item.key()))) << "G." << item.key();
  for (const auto& item : trainer.discriminator().named_parameters(true))
    EXPECT_FALSE(at::equal(item.value(), d0.at(item.key()))) << "D." << item.key();
  // w_avg is tracked.
  EXPECT_GT(trainer.generator().mapping->wAvg.abs().sum().item<double>(), 0.0);
}

TEST(GanTraining, TheDiscriminatorLearnsToSeparateRealsFromAFrozenGenerator) {
  TensorImageSource images(toyImages());
  GanTrainingOptions options = tinyOptions();
  options.pathLengthWeight = 0;
  options.generatorLearningRate = 1e-12;  // G practically frozen: only D learns
  GanTrainer trainer(tinyGenerator(), options);
  trainer.step(images);
  const double first = trainer.lastLosses().discriminator;
  double last = first;
  for (int i = 0; i < 30; ++i) {
    trainer.step(images);
    last = trainer.lastLosses().discriminator;
  }
  EXPECT_NEAR(first, 2 * std::log(2.0), 0.5);  // an untrained D is unsure: 2 ln 2
  EXPECT_LT(last, 0.6 * first);
  EXPECT_GT(trainer.lastLosses().realScore, trainer.lastLosses().fakeScore);
}

TEST(GanTraining, TheGeneratorLearnsToFoolAFrozenDiscriminator) {
  TensorImageSource images(toyImages());
  GanTrainingOptions options = tinyOptions();
  options.pathLengthWeight = 0;
  options.discriminatorLearningRate = 1e-12;
  options.styleMixingProbability = 0;
  GanTrainer trainer(tinyGenerator(), options);
  trainer.step(images);
  const double first = trainer.lastLosses().generator;
  double sum = 0;
  for (int i = 0; i < 30; ++i) {
    trainer.step(images);
    if (i >= 25) sum += trainer.lastLosses().generator;
  }
  EXPECT_LT(sum / 5, first - 0.1);
}

TEST(GanTraining, EmaFollowsTheOfficialUpdateRule) {
  TensorImageSource images(toyImages());
  GanTrainingOptions options = tinyOptions();
  options.emaKimg = 0.01;    // ema_nimg 10: beta = 0.5^(4/10)
  options.emaRampup.reset();
  GanTrainer trainer(tinyGenerator(), options);
  trainer.step(images);
  const double beta = trainer.nextEmaBeta();
  EXPECT_NEAR(beta, std::pow(0.5, 0.4), 1e-12);
  const auto emaBefore = parameters(trainer.emaGenerator());
  trainer.step(images);
  const auto g = parameters(trainer.generator());
  double worst = 0;
  for (const auto& item : trainer.emaGenerator().named_parameters(true)) {
    // The official update, p_ema = p.lerp(p_ema, beta), in the same float arithmetic.
    at::Tensor expected = g.at(item.key()).lerp(emaBefore.at(item.key()), beta);
    worst = std::max(worst, (item.value() - expected).abs().max().item<double>());
    EXPECT_FALSE(at::equal(item.value(), g.at(item.key()))) << item.key();
  }
  EXPECT_LT(worst, 1e-6);
  // Buffers (w_avg, noise_const, filters) are copied.
  EXPECT_TRUE(at::equal(trainer.emaGenerator().mapping->wAvg, trainer.generator().mapping->wAvg));

  // The warm-up: with ema_rampup 0.05, the half-life is at most 5% of the images seen.
  GanTrainer rampup(tinyGenerator(), tinyOptions());
  EXPECT_EQ(rampup.nextEmaBeta(), 0.0);  // the first step copies G
  rampup.step(images);
  EXPECT_NEAR(rampup.nextEmaBeta(), std::pow(0.5, 4.0 / (4 * 0.05)), 1e-15);
  EXPECT_DOUBLE_EQ(tinyOptions().effectiveEmaKimg(), 4 * 10.0 / 32);
  EXPECT_DOUBLE_EQ(tinyOptions().effectiveR1Gamma(256), 0.0002 * 256 * 256 / 4);
}

TEST(GanTraining, CancellationLeavesALoadableCheckpointOfTheLastStep) {
  TensorImageSource images(toyImages());
  TempFolder folder("cancel");
  GanTrainingRun run;
  run.totalKimg = 1000;
  run.checkpointKimg = 0.008;  // every 2 steps
  run.snapshotKimg = 0;
  run.checkpointPath = folder / "checkpoint.safetensors";
  int reports = 0;
  std::string lastStage;
  Progress progress([&](double fraction, std::string_view stage) {
    EXPECT_GE(fraction, 0.0);
    EXPECT_LE(fraction, 1e-4);
    lastStage = std::string(stage);
    return ++reports < 3;
  });
  GanTrainer trainer(tinyGenerator(), tinyOptions());
  EXPECT_THROW(trainer.train(images, run, progress), Cancelled);
  EXPECT_EQ(trainer.steps(), 3);
  EXPECT_NE(lastStage.find("kimg 0.012/1000.000"), std::string::npos) << lastStage;
  EXPECT_NE(lastStage.find("left"), std::string::npos) << lastStage;
  GanTrainer reloaded = GanTrainer::fromCheckpoint(run.checkpointPath);
  EXPECT_EQ(reloaded.steps(), 3);
  EXPECT_EQ(maxDifference(reloaded, trainer), 0.0);
  // No temporary files are left next to it.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(folder / "")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(GanTraining, SnapshotsShowRealsThenEmaSamplesOnAGrid) {
  TensorImageSource images(toyImages());
  GanTrainingRun run;
  run.totalKimg = 0.016;
  run.snapshotKimg = 0.008;
  run.snapshotColumns = 3;
  run.snapshotRows = 2;
  std::vector<GanSnapshot> snapshots;
  run.onSnapshot = [&](const GanSnapshot& s) { snapshots.push_back(s); };
  GanTrainer trainer(tinyGenerator(), tinyOptions());
  trainer.train(images, run);
  ASSERT_EQ(snapshots.size(), 4u);  // reals, fakes at 0, after 2 and 4 steps
  EXPECT_EQ(snapshots[0].kind, "reals");
  EXPECT_EQ(snapshots[1].kind, "fakes");
  EXPECT_EQ(snapshots[3].step, 4);
  for (const GanSnapshot& s : snapshots) {
    EXPECT_EQ(s.grid.sizes(), (at::IntArrayRef{1, 32, 48}));
    EXPECT_EQ(s.grid.scalar_type(), at::kByte);
  }
  // Fixed latents: the same samples for the same EMA weights.
  EXPECT_TRUE(at::equal(trainer.sampleEma(trainer.snapshotLatents(6)),
                        trainer.sampleEma(trainer.snapshotLatents(6))));
  EXPECT_FALSE(at::equal(snapshots[1].grid, snapshots[3].grid));
}

TEST(GanTraining, ImageGridTilesRowMajorAndMapsMinusOneToBlack) {
  at::Tensor images = at::full({3, 1, 2, 2}, -1.0);
  images[1].fill_(1.0);
  images[2].fill_(0.0);
  const at::Tensor grid = imageGrid(images, 2);
  ASSERT_EQ(grid.sizes(), (at::IntArrayRef{1, 4, 4}));
  EXPECT_EQ(grid[0][0][0].item<int>(), 0);
  EXPECT_EQ(grid[0][1][3].item<int>(), 255);
  EXPECT_EQ(grid[0][2][0].item<int>(), 128);  // round(127.5)
  EXPECT_EQ(grid[0][3][3].item<int>(), 0);    // the empty cell
}

TEST(GanTraining, SavesTheEmaGeneratorAsAModelFolder) {
  TensorImageSource images(toyImages());
  TempFolder folder("model");
  GanTrainer trainer(tinyGenerator(), tinyOptions());
  trainer.step(images);
  trainer.step(images);
  trainer.saveModel(folder / "model", {{"command", "latentecho train gan ..."}});
  const LoadedStyleGan2Generator loaded = loadStyleGan2Generator(folder / "model");
  const auto expected = styleGan2GeneratorTensors(trainer.emaGenerator());
  const auto actual = styleGan2GeneratorTensors(*loaded.generator);
  for (const auto& [name, tensor] : expected) EXPECT_TRUE(at::equal(tensor, actual.at(name))) << name;
  EXPECT_EQ(loaded.folder.provenance.at("command"), "latentecho train gan ...");
  EXPECT_EQ(loaded.folder.provenance.at("training").at("steps"), 2);
  EXPECT_EQ(loaded.folder.provenance.at("training").at("weights"), "G_ema");

  trainer.saveModel(folder / "half", {}, at::kHalf);
  EXPECT_EQ(readModelManifest(folder / "half").at("weights").at("dtype"), "F16");
  const LoadedStyleGan2Generator half = loadStyleGan2Generator(folder / "half");
  const auto halfTensors = styleGan2GeneratorTensors(*half.generator);
  for (const auto& [name, tensor] : expected)
    EXPECT_TRUE(at::allclose(tensor, halfTensors.at(name), 2e-3, 1e-4)) << name;
}

TEST(GanTraining, RejectsWhatItCannotResumeOrTrain) {
  TempFolder folder("errors");
  EXPECT_THROW(GanTrainer::fromCheckpoint(folder / "missing.safetensors"), Error);
  // A model folder's weights are not a training checkpoint.
  GanTrainer trainer(tinyGenerator(), tinyOptions());
  trainer.saveModel(folder / "model", {});
  try {
    GanTrainer::fromCheckpoint(folder / "model/weights.safetensors");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a LatentEcho GAN training checkpoint"), std::string::npos)
        << e.what();
  }
  // Images of the wrong size, then of another set size on resumption.
  TensorImageSource wrong(at::zeros({8, 1, 32, 32}, at::kByte));
  EXPECT_THROW(trainer.step(wrong), Error);
  TensorImageSource images(toyImages());
  trainer.step(images);
  TensorImageSource fewer(toyImages().narrow(0, 0, 12));
  EXPECT_THROW(trainer.step(fewer), Error);
  GanTrainingOptions bad = tinyOptions();
  bad.batchSize = 6;  // not a multiple of the minibatch-stddev group of 4
  EXPECT_THROW(GanTrainer(tinyGenerator(), bad), Error);
}

}  // namespace
}  // namespace latentecho
