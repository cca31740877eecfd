// `latentecho direction --out D.pt (--pairs N --data DIR | --hq DIR --lq DIR) [--encoder DIR]`:
// the LQ -> HQ edit direction in W+. With --data, the paper's synthetic direction (Eq. 2): N
// high-quality frames of a dataset's clips paired with their simulated low-quality versions
// (radial-polar sampling, noise, remap). With --hq/--lq, the paper's "real" direction: the mean
// code of a folder of high-quality clips minus that of a folder of low-quality clips (unpaired).
#include <algorithm>
#include <memory>
#include <optional>

#include "command.h"
#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/frame_sampling.h"
#include "latentecho/core/low_quality_simulation.h"
#include "latentecho/core/resources.h"
#include "latentecho/io/clip_folder_direction.h"
#include "latentecho/io/dataset.h"
#include "latentecho/io/prepare.h"

namespace latentecho::cli {
namespace {

struct DirectionOptions {
  std::string out;
  std::string encoder;
  int pairs = 40;
  std::string data;
  std::string split = "TRAIN";
  std::string highQuality;
  std::string lowQuality;
  int framesPerClip = 8;
  LowQualitySimulationParams simulation;
  int batch = 8;
};

// `sector`: the fan when known (a simulated dataset's truth), else it is searched for.
PreparedClip prepareWhole(const Clip& clip, int size, const std::string& name,
                          const std::optional<SectorGeometry>& sector = std::nullopt) {
  PrepareOptions prepare;
  prepare.size = size;
  prepare.frames = 0;
  try {
    return sector ? prepareClip(clip, *sector, prepare) : prepareClip(clip, prepare);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(name + ": " + e.what());
  }
}

// The synthetic pairs: HQ frames of the dataset's clips and their simulated LQ versions.
std::pair<at::Tensor, at::Tensor> syntheticPairs(const DirectionOptions& o, int size,
                                                 nlohmann::json& provenance,
                                                 const Progress& progress) {
  const EchoDataset dataset = EchoDataset::open(o.data);
  std::vector<DatasetEntry> entries = dataset.split(o.split);
  if (entries.empty())
    throw Error(o.data + ": no clips in split '" + o.split + "' (try --split ALL)");
  const int clips = std::min<int>(o.pairs, static_cast<int>(entries.size()));
  std::vector<at::Tensor> hq, lq;
  nlohmann::json used = nlohmann::json::array();
  int remaining = o.pairs;
  for (int c = 0; c < clips; ++c) {
    progress.report(static_cast<double>(c) / clips, "simulating pairs from " + entries[c].fileName);
    const int wanted = remaining / (clips - c);  // spreads the pairs evenly over the clips
    const Clip video = dataset.readVideo(entries[c]);
    const PreparedClip prepared = prepareWhole(video, size, dataset.videoPath(entries[c]),
                                               dataset.readTruthSector(entries[c]));
    const std::vector<int> indices = evenlySpacedFrames(prepared.clip.frameCount, wanted);
    const Clip high = pickFrames(prepared.clip, indices);
    LowQualitySimulationParams params = o.simulation;
    params.seed = o.simulation.seed + static_cast<std::uint64_t>(c);
    const Clip low = simulateLowQuality(high, prepared.sectorInPrepared, params);
    hq.push_back(clipToFrames(high));
    lq.push_back(clipToFrames(low));
    remaining -= static_cast<int>(indices.size());
    used.push_back({{"clip", entries[c].fileName}, {"frames", indices}});
  }
  if (remaining > 0)
    throw Error(o.data + ": its clips have too few frames for " + std::to_string(o.pairs) +
                " pairs");
  provenance["data"] = o.data;
  provenance["split"] = o.split;
  provenance["clips"] = used;
  provenance["simulation"] = {{"radialSamples", o.simulation.radialSamples},
                              {"lines", o.simulation.lines},
                              {"sigma", o.simulation.sigma},
                              {"seed", o.simulation.seed}};
  return {at::cat(hq, 0), at::cat(lq, 0)};
}

void runDirection(const DirectionOptions& o, Session& session) {
  const bool paired = !o.data.empty();
  const bool unpaired = !o.highQuality.empty() || !o.lowQuality.empty();
  if (paired == unpaired)
    throw Error("direction: give either --data DIR (synthetic pairs) or --hq DIR and --lq DIR");
  if (unpaired && (o.highQuality.empty() || o.lowQuality.empty()))
    throw Error("direction: --hq and --lq go together");
  const Progress progress = session.progress();
  const std::string encoderDir =
      o.encoder.empty() ? resourcePath(default_models::kEncoder) : o.encoder;
  progress.report(0.0, "loading " + encoderDir);
  const E4eEncoder encoder = E4eEncoder::load(encoderDir);
  const int size = static_cast<int>(encoder.config().resolution);
  const LatentEncoder encode = [&encoder](const at::Tensor& frames) {
    return encoder.encode(frames);
  };

  nlohmann::json provenance = {{"encoder", encoderDir},
                               {"encoderWeightsXxh64", encoder.folder().weightsDigest}};
  EditDirection direction;
  if (paired) {
    auto [hq, lq] = syntheticPairs(o, size, provenance, progress.sub(0.0, 0.4));
    direction = EditDirection::fromPairs(encode, hq, lq, o.batch, progress.sub(0.4, 0.98));
  } else {
    direction = directionFromClipFolders(encoder, o.highQuality, o.lowQuality, o.framesPerClip,
                                         o.batch, progress.sub(0.0, 0.98));
  }
  for (const auto& [key, value] : provenance.items()) direction.provenance()[key] = value;
  direction.save(o.out);
  progress.report(1.0, "done");

  session.result = {{"out", o.out},
                    {"shape", direction.tensor().sizes().vec()},
                    {"norm", direction.tensor().norm().item<double>()},
                    {"provenance", direction.provenance()}};
  session.say("Wrote " + o.out + " (" + direction.provenance().value("method", "") + ")");
}

}  // namespace

void addDirectionCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<DirectionOptions>();
  CLI::App* cmd = app.add_subcommand(
      "direction", "Estimate the LQ -> HQ edit direction in W+ (synthetic pairs or real sets)");
  cmd->add_option("--out", o->out, "Where to write the direction [num_ws, w_dim] (.pt)")
      ->required();
  cmd->add_option("--encoder", o->encoder, "e4e encoder model folder (default: bundled)");
  cmd->add_option("--data", o->data, "Dataset (EchoNet-Dynamic layout) for synthetic pairs");
  cmd->add_option("--pairs", o->pairs, "Number of HQ / simulated-LQ pairs (paper: 40)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--split", o->split, "Dataset split to take the pairs from (TRAIN, VAL, ALL)")
      ->capture_default_str();
  cmd->add_option("--hq", o->highQuality, "Folder of high-quality clips (real direction)");
  cmd->add_option("--lq", o->lowQuality, "Folder of low-quality clips (real direction)");
  cmd->add_option("--frames-per-clip", o->framesPerClip, "With --hq/--lq: frames taken per clip")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--radial-samples", o->simulation.radialSamples, "M of the LQ simulation")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--lines", o->simulation.lines, "N of the LQ simulation")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--sigma", o->simulation.sigma, "Noise of the LQ simulation")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--seed", o->simulation.seed, "Noise seed of the LQ simulation")
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Frames per encoder pass")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->callback([o, &session] { session.action = [o, &session] { runDirection(*o, session); }; });
}

}  // namespace latentecho::cli
