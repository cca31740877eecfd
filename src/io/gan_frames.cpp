#include "latentecho/io/gan_frames.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/io/dataset.h"
#include "latentecho/io/prepare.h"

namespace latentecho {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// The simulator's exact fan, when the dataset stores it (Truth/<name>.json "sector").
std::optional<SectorGeometry> truthSector(const EchoDataset& dataset, const DatasetEntry& entry) {
  const std::optional<nlohmann::json> truth = dataset.readTruth(entry);
  if (!truth || !truth->contains("sector")) return std::nullopt;
  const nlohmann::json& s = (*truth)["sector"];
  SectorGeometry sector;
  try {
    sector.apexX = s.at("apexX").get<double>();
    sector.apexY = s.at("apexY").get<double>();
    sector.innerRadius = s.at("innerRadius").get<double>();
    sector.outerRadius = s.at("outerRadius").get<double>();
    sector.halfAngle = s.at("halfAngle").get<double>();
    sector.axisAngle = s.at("axisAngle").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(*dataset.truthPath(entry) + ": malformed \"sector\": " + e.what());
  }
  if (!sector.valid()) throw Error(*dataset.truthPath(entry) + ": the stored sector is invalid");
  return sector;
}

}  // namespace

GanFrames loadGanFrames(const std::string& datasetDirectory, const GanFramesOptions& options,
                        const Progress& progress) {
  const int r = options.resolution;
  if (r < 8 || r > 1024 || (r & (r - 1)) != 0)
    throw Error("GAN frames: resolution " + std::to_string(r) +
                " is not a power of two in 8..1024 (StyleGAN2 doubles its resolution per block)");
  if (!options.highQuality && !options.lowQuality)
    throw Error("GAN frames: neither HQ nor LQ frames were asked for");
  if (options.maxFrames < 0) throw Error("GAN frames: maxFrames must be >= 0 (0 = all)");
  const std::string split = upper(options.split);
  if (split != "ALL" && split != "TRAIN" && split != "VAL" && split != "TEST")
    throw Error("GAN frames: unknown split '" + options.split + "' (TRAIN, VAL, TEST or ALL)");
  if (!std::filesystem::is_directory(datasetDirectory))
    throw Error("GAN frames: dataset folder " + datasetDirectory + " does not exist");

  const EchoDataset dataset = EchoDataset::open(datasetDirectory);
  const std::vector<DatasetEntry> entries = dataset.split(split);
  if (entries.empty())
    throw Error("GAN frames: " + datasetDirectory + "/FileList.csv lists no clip in split " +
                split);

  GanFrames result;
  result.directory = datasetDirectory;
  result.split = split;
  const auto frameBytes = static_cast<std::size_t>(r) * static_cast<std::size_t>(r);
  // Owned by the tensor afterwards (no copy of the whole set).
  auto pixels = std::make_shared<std::vector<std::uint8_t>>();
  std::vector<bool> isLowQuality;

  auto append = [&](const Clip& source, const std::optional<SectorGeometry>& sector,
                    bool lowQuality) {
    PrepareOptions prepare;
    prepare.size = r;
    prepare.frames = 0;
    const PreparedClip prepared =
        sector ? prepareClip(source, *sector, prepare) : prepareClip(source, prepare);
    const Clip& clip = prepared.clip;
    const std::size_t bytes = static_cast<std::size_t>(clip.frameCount) * frameBytes;
    if (static_cast<int64_t>(pixels->size() + bytes) > options.maxBytes)
      throw Error("GAN frames: the frames of " + datasetDirectory + " exceed " +
                  std::to_string(options.maxBytes >> 20) +
                  " MiB at this resolution; train on a split or a smaller dataset");
    pixels->insert(pixels->end(), clip.pixels.begin(), clip.pixels.end());
    isLowQuality.insert(isLowQuality.end(), static_cast<std::size_t>(clip.frameCount), lowQuality);
  };

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DatasetEntry& entry = entries[i];
    progress.report(static_cast<double>(i) / static_cast<double>(entries.size()),
                    "reading " + entry.fileName);
    const std::optional<SectorGeometry> sector = truthSector(dataset, entry);
    if (options.highQuality) append(dataset.readVideo(entry), sector, false);
    if (options.lowQuality) {
      std::optional<Clip> lq = dataset.readLowQualityVideo(entry);
      if (lq)
        append(*lq, sector, true);
      else
        ++result.clipsWithoutLowQuality;
    }
    ++result.clips;
  }
  progress.report(1.0, "frames read");

  const auto total = static_cast<int64_t>(isLowQuality.size());
  if (total == 0) throw Error("GAN frames: the clips of " + datasetDirectory + " hold no frames");
  result.framesAvailable = total;

  std::vector<int64_t> kept;
  if (options.maxFrames > 0 && options.maxFrames < total) {
    // Evenly spaced over the whole order, so every clip and both qualities stay represented.
    for (int64_t k = 0; k < options.maxFrames; ++k) kept.push_back(k * total / options.maxFrames);
  }

  auto* raw = pixels.get();
  at::Tensor all = at::from_blob(
      raw->data(), {total, 1, r, r}, [owner = pixels](void*) mutable { owner.reset(); },
      at::TensorOptions().dtype(at::kByte));
  pixels.reset();
  if (kept.empty()) {
    result.images = all;
    for (bool lq : isLowQuality) ++(lq ? result.lowQualityFrames : result.highQualityFrames);
  } else {
    result.images = all.index_select(0, at::tensor(kept, at::kLong)).contiguous();
    for (int64_t k : kept)
      ++(isLowQuality[static_cast<std::size_t>(k)] ? result.lowQualityFrames
                                                   : result.highQualityFrames);
  }
  return result;
}

}  // namespace latentecho
