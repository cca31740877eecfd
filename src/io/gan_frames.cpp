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

// The set indices of the maxFrames subset: kept[j] is the available frame that is frame j of the
// set (identity when all frames are kept). Evenly spaced over the whole order, so every clip and
// both qualities stay represented.
std::vector<int64_t> keptFrames(int64_t available, int64_t maxFrames) {
  std::vector<int64_t> kept;
  if (maxFrames > 0 && maxFrames < available) {
    for (int64_t k = 0; k < maxFrames; ++k) kept.push_back(k * available / maxFrames);
  } else {
    for (int64_t k = 0; k < available; ++k) kept.push_back(k);
  }
  return kept;
}

// One video of the set: a clip's HQ or LQ rendering and where its frames start in the order.
struct VideoSpan {
  std::size_t entry = 0;
  bool lowQuality = false;
  int64_t first = 0;  // index of its first frame among the available frames
  int64_t frames = 0;
};

// The sharded load (gan_frames.h): the order from FileList.csv, the held frames decoded.
GanFrames loadHeldFrames(const EchoDataset& dataset, const std::vector<DatasetEntry>& entries,
                         const std::string& split, const GanFramesOptions& options,
                         const Progress& progress) {
  const int r = options.resolution;
  GanFrames result;
  result.directory = dataset.directory();
  result.split = split;

  std::vector<VideoSpan> spans;
  int64_t available = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DatasetEntry& entry = entries[i];
    if (entry.numberOfFrames < 1)
      throw Error("GAN frames: " + dataset.directory() + "/FileList.csv gives " + entry.fileName +
                  " NumberOfFrames " + std::to_string(entry.numberOfFrames) +
                  "; a rank's share of the frames is found from it (train in one process, or "
                  "fix the list)");
    if (options.highQuality) {
      spans.push_back({i, false, available, entry.numberOfFrames});
      available += entry.numberOfFrames;
    }
    if (options.lowQuality) {
      if (dataset.lowQualityVideoPath(entry)) {
        spans.push_back({i, true, available, entry.numberOfFrames});
        available += entry.numberOfFrames;
      } else {
        ++result.clipsWithoutLowQuality;
      }
    }
    ++result.clips;
  }
  if (available == 0)
    throw Error("GAN frames: the clips of " + dataset.directory() + " hold no frames");
  result.framesAvailable = available;

  const std::vector<int64_t> kept = keptFrames(available, options.maxFrames);
  const auto setSize = static_cast<int64_t>(kept.size());
  result.setSize = setSize;
  // Set index of each available frame (-1: not in the maxFrames subset).
  std::vector<int64_t> setIndex(static_cast<std::size_t>(available), -1);
  for (int64_t j = 0; j < setSize; ++j) setIndex[static_cast<std::size_t>(kept[j])] = j;

  const auto frameBytes = static_cast<std::size_t>(r) * static_cast<std::size_t>(r);
  auto pixels = std::make_shared<std::vector<std::uint8_t>>();
  std::optional<SectorGeometry> sector;
  std::size_t sectorEntry = entries.size();
  for (std::size_t s = 0; s < spans.size(); ++s) {
    const VideoSpan& span = spans[s];
    const DatasetEntry& entry = entries[span.entry];
    progress.report(static_cast<double>(s) / static_cast<double>(spans.size()),
                    "reading " + entry.fileName);
    std::vector<int> heldFrames;  // frames of this video to keep
    for (int64_t f = 0; f < span.frames; ++f) {
      const int64_t j = setIndex[static_cast<std::size_t>(span.first + f)];
      if (j < 0) continue;
      ++(span.lowQuality ? result.lowQualityFrames : result.highQualityFrames);
      if (options.holdFrame(j, setSize)) {
        heldFrames.push_back(static_cast<int>(f));
        result.indices.push_back(j);
      }
    }
    if (heldFrames.empty()) continue;  // nothing of this video is held: not decoded at all

    if (sectorEntry != span.entry) {
      sector = truthSector(dataset, entry);
      sectorEntry = span.entry;
    }
    const Clip source =
        span.lowQuality ? *dataset.readLowQualityVideo(entry) : dataset.readVideo(entry);
    if (source.frameCount != span.frames)
      throw Error(
          "GAN frames: " +
          (span.lowQuality ? *dataset.lowQualityVideoPath(entry) : dataset.videoPath(entry)) +
          " holds " + std::to_string(source.frameCount) + " frames but FileList.csv says " +
          std::to_string(span.frames) +
          " (NumberOfFrames); a rank's share of the frames is found from the list: fix it, "
          "or train in one process");
    PrepareOptions prepare;
    prepare.size = r;
    prepare.frames = 0;
    const PreparedClip prepared =
        sector ? prepareClip(source, *sector, prepare) : prepareClip(source, prepare);
    const Clip& clip = prepared.clip;
    const std::size_t bytes = heldFrames.size() * frameBytes;
    if (static_cast<int64_t>(pixels->size() + bytes) > options.maxBytes)
      throw Error("GAN frames: the held frames of " + dataset.directory() + " exceed " +
                  std::to_string(options.maxBytes >> 20) +
                  " MiB at this resolution; train on a split, a smaller dataset or more ranks");
    for (int f : heldFrames) {
      const auto begin = clip.pixels.begin() + static_cast<std::ptrdiff_t>(f * frameBytes);
      pixels->insert(pixels->end(), begin, begin + static_cast<std::ptrdiff_t>(frameBytes));
    }
  }
  progress.report(1.0, "frames read");

  const auto held = static_cast<int64_t>(result.indices.size());
  if (held == 0) {
    result.images = at::empty({0, 1, r, r}, at::TensorOptions().dtype(at::kByte));
    return result;
  }
  auto* raw = pixels.get();
  result.images = at::from_blob(
      raw->data(), {held, 1, r, r}, [owner = pixels](void*) mutable { owner.reset(); },
      at::TensorOptions().dtype(at::kByte));
  return result;
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

  if (options.holdFrame) return loadHeldFrames(dataset, entries, split, options, progress);

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
    result.setSize = total;
    for (bool lq : isLowQuality) ++(lq ? result.lowQualityFrames : result.highQualityFrames);
  } else {
    result.images = all.index_select(0, at::tensor(kept, at::kLong)).contiguous();
    result.setSize = options.maxFrames;
    for (int64_t k : kept)
      ++(isLowQuality[static_cast<std::size_t>(k)] ? result.lowQualityFrames
                                                   : result.highQualityFrames);
  }
  return result;
}

}  // namespace latentecho
