// `latentecho degrade IN OUT`: the paper's low-quality simulation (Fig. 1) on an image or a clip.
#include <chrono>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/low_quality_simulation.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "latentecho/io/sector_finder.h"

namespace latentecho::cli {
namespace {

struct DegradeOptions {
  std::string in;
  std::string out;
  LowQualitySimulationParams params;
};

void runDegrade(const DegradeOptions& options, Session& session) {
  const auto start = std::chrono::steady_clock::now();
  const Progress progress = session.progress();
  const Clip clip = readClip(options.in);
  SectorGeometry sector;
  try {
    sector = findSector(clip);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(options.in + ": the simulation samples along the ultrasound sector, and " + e.what());
  }
  const Clip degraded =
      simulateLowQuality(clip, sector, options.params, progress.sub(0.0, 0.8));
  writeClip(degraded, options.out, progress.sub(0.8, 1.0));
  progress.report(1.0, "done");
  session.result = {
      {"in", options.in},
      {"out", options.out},
      {"frames", degraded.frameCount},
      {"width", degraded.width},
      {"height", degraded.height},
      {"radialSamples", options.params.radialSamples},
      {"lines", options.params.lines},
      {"sigma", options.params.sigma},
      {"seed", options.params.seed},
      {"sector",
       {{"apexX", sector.apexX},
        {"apexY", sector.apexY},
        {"innerRadius", sector.innerRadius},
        {"outerRadius", sector.outerRadius},
        {"halfAngle", sector.halfAngle},
        {"axisAngle", sector.axisAngle}}},
      {"seconds",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
  session.say("Wrote " + options.out);
}

}  // namespace

void addDegradeCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<DegradeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "degrade", "The paper's simulated low-quality acquisition: radial-polar sampling, noise, remap");
  cmd->add_option("IN", options->in, "Image or clip to degrade")->required();
  cmd->add_option("OUT", options->out, "Where to write the degraded image or clip")->required();
  cmd->add_option("--radial-samples", options->params.radialSamples,
                  "M: points along each radial line")
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--lines", options->params.lines, "N: radial lines across the sector")
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--sigma", options->params.sigma, "Noise standard deviation, intensities in [0,1]")
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--seed", options->params.seed, "Noise seed");
  cmd->callback([options, &session] {
    session.action = [options, &session] { runDegrade(*options, session); };
  });
}

}  // namespace latentecho::cli
