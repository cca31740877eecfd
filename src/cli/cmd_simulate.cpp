// `latentecho simulate`: a phantom dataset in the EchoNet-Dynamic layout, HQ + LQ + truth.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/phantom.h"
#include "latentecho/io/dataset.h"

namespace latentecho::cli {
namespace {

struct SimulateOptions {
  std::string out;
  int clips = 10;
  std::uint64_t seed = 1;
  int frames = 32;
  int size = 256;
  double fps = 50.0;
  double validationFraction = 0.1;
  double testFraction = 0.1;
  bool overwrite = false;
};

nlohmann::json paramsJson(const PhantomParams& p) {
  return {{"seed", p.seed},
          {"frames", p.frames},
          {"height", p.height},
          {"width", p.width},
          {"fps", p.fps},
          {"depthMm", p.depthMm},
          {"sectorHalfAngleDeg", p.sectorHalfAngleDeg},
          {"gainDb", p.gainDb},
          {"dynamicRangeDb", p.dynamicRangeDb},
          {"heartRateBpm", p.heartRateBpm},
          {"ejectionFractionPercent", p.ejectionFractionPercent},
          {"lvLengthMm", p.lvLengthMm},
          {"lvWidthMm", p.lvWidthMm},
          {"tiltDeg", p.tiltDeg},
          {"reverberation", p.reverberation},
          {"haze", p.haze},
          {"noise", p.noise},
          {"attenuation", p.attenuation},
          {"contrastLoss", p.contrastLoss}};
}

nlohmann::json truthJson(const PhantomClip& clip) {
  const SectorGeometry& s = clip.sector;
  return {{"simulator", "latentecho phantom"},
          {"params", paramsJson(clip.params)},
          {"pixelSpacingMm", clip.pixelSpacingMm},
          {"sector",
           {{"apexX", s.apexX},
            {"apexY", s.apexY},
            {"innerRadius", s.innerRadius},
            {"outerRadius", s.outerRadius},
            {"halfAngle", s.halfAngle},
            {"axisAngle", s.axisAngle}}},
          {"edFrame", clip.edFrame},
          {"esFrame", clip.esFrame},
          {"edvMl", clip.edvMl},
          {"esvMl", clip.esvMl},
          {"ejectionFractionPercent", clip.ejectionFractionPercent},
          {"lvAreaPixels", clip.lvAreaPixels},
          {"lvAreaMm2", clip.lvAreaMm2},
          {"lvLengthMm", clip.lvLengthMm},
          {"lvVolumeMl", clip.lvVolumeMl},
          {"contraction", clip.contraction}};
}

// The last clips go to TEST, those before them to VAL: deterministic, and a dataset grown with a
// larger --clips keeps its first clips in TRAIN.
std::string splitOf(int index, int count, double validationFraction, double testFraction) {
  const int tests = count >= 3 ? std::max(1, static_cast<int>(std::lround(count * testFraction))) : 0;
  const int validations =
      count >= 3 ? std::max(1, static_cast<int>(std::lround(count * validationFraction))) : 0;
  if (index >= count - tests) return "TEST";
  if (index >= count - tests - validations) return "VAL";
  return "TRAIN";
}

void runSimulate(const SimulateOptions& options, Session& session) {
  namespace fs = std::filesystem;
  if (options.clips < 1) throw Error("--clips must be at least 1");
  if (fs::exists(fs::path(options.out) / "FileList.csv") && !options.overwrite)
    throw Error(options.out + " already holds a dataset (FileList.csv); pass --overwrite to replace it");

  const auto start = std::chrono::steady_clock::now();
  const Progress progress = session.progress();
  DatasetWriter writer(options.out);
  double simulateSeconds = 0.0;
  for (int i = 0; i < options.clips; ++i) {
    // Each clip's seed mixes the dataset seed and the index, so datasets with different seeds
    // share no clip.
    PhantomParams params = randomPhantomParams(options.seed * 1000003ull + static_cast<std::uint64_t>(i));
    params.frames = options.frames;
    params.height = options.size;
    params.width = options.size;
    params.fps = options.fps;
    const auto clipStart = std::chrono::steady_clock::now();
    const double begin = static_cast<double>(i) / options.clips;
    const double end = static_cast<double>(i + 1) / options.clips;
    const PhantomClip phantom =
        simulatePhantom(params, progress.sub(begin, begin + 0.7 * (end - begin)));
    simulateSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clipStart).count();

    std::ostringstream name;
    name << "Phantom" << std::setw(2) << std::setfill('0') << options.seed % 100 << '_'
         << std::setw(5) << std::setfill('0') << i;
    DatasetClip clip;
    clip.entry.fileName = name.str();
    clip.entry.ejectionFraction = phantom.ejectionFractionPercent;
    clip.entry.esvMl = phantom.esvMl;
    clip.entry.edvMl = phantom.edvMl;
    clip.entry.frameHeight = options.size;
    clip.entry.frameWidth = options.size;
    clip.entry.fps = options.fps;
    clip.entry.numberOfFrames = options.frames;
    clip.entry.split = splitOf(i, options.clips, options.validationFraction, options.testFraction);
    clip.video = phantom.hq;
    clip.lowQuality = phantom.lq;
    clip.lvMasks = phantom.lvMask;
    clip.myocardiumMasks = phantom.myocardiumMask;
    for (const VolumeTracing& t : phantom.tracings)
      clip.tracings.push_back({t.frame, t.x1, t.y1, t.x2, t.y2});
    clip.truth = truthJson(phantom);
    writer.add(clip);
    progress.report(end, "writing " + clip.entry.fileName);
  }
  writer.finish();
  progress.report(1.0, "done");

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  session.result = {{"out", options.out},
                    {"clips", options.clips},
                    {"frames", options.frames},
                    {"size", options.size},
                    {"seed", options.seed},
                    {"seconds", seconds},
                    {"simulateSecondsPerClip", simulateSeconds / options.clips}};
  session.say("Simulated " + std::to_string(options.clips) + " clips into " + options.out + " (" +
              std::to_string(simulateSeconds / options.clips).substr(0, 5) +
              " s per HQ+LQ clip pair)");
}

}  // namespace

void addSimulateCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Simulate a phantom A4C dataset (EchoNet-Dynamic layout, HQ + LQ + truth)");
  cmd->add_option("--out", options->out, "Dataset folder to write")->required();
  cmd->add_option("--clips", options->clips, "Number of clips")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", options->seed, "Dataset seed");
  cmd->add_option("--frames", options->frames, "Frames per clip")->check(CLI::Range(1, 10000));
  cmd->add_option("--size", options->size, "Frame width and height in pixels")
      ->check(CLI::Range(32, 1024));
  cmd->add_option("--fps", options->fps, "Frame rate")->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--val-fraction", options->validationFraction, "Share of clips in VAL")
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_option("--test-fraction", options->testFraction, "Share of clips in TEST")
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_flag("--overwrite", options->overwrite, "Replace an existing dataset in --out");
  cmd->callback([options, &session] {
    session.action = [options, &session] { runSimulate(*options, session); };
  });
}

}  // namespace latentecho::cli
