#pragma once
// Datasets in the EchoNet-Dynamic layout, so a user's real EchoNet-Dynamic copy drops in where the
// simulated one is:
//
//   DIR/FileList.csv        FileName,EF,ESV,EDV,FrameHeight,FrameWidth,FPS,NumberOfFrames,Split
//   DIR/VolumeTracings.csv  FileName,X1,Y1,X2,Y2,Frame   (FileName with ".avi"; per traced frame
//                           the first row is the LV long axis, the rest the disc chords across it)
//   DIR/Videos/<FileName>.avi
//
// Simulated datasets (`latentecho simulate`) add, per clip, in folders EchoNet does not have:
//   DIR/LowQuality/<FileName>.avi         the clinically degraded rendering of the same heart
//   DIR/Masks/<FileName>_lv.png           LV cavity truth, frames stacked vertically (T*H x W), 0/255
//   DIR/Masks/<FileName>_myocardium.png   LV myocardium truth, same layout
//   DIR/Truth/<FileName>.json             per-frame LV area/volume, ED/ES, EF, sector, simulator
//                                         parameters
// FileName never includes the extension in FileList.csv (as in EchoNet-Dynamic); the reader also
// accepts names with ".avi" there. Split is TRAIN, VAL or TEST.
//
// Thread-safety: an EchoDataset is immutable after open(); reading from several threads is safe.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "latentecho/core/clip.h"
#include "latentecho/core/sector.h"

namespace latentecho {

struct DatasetEntry {
  std::string fileName;  // without extension
  double ejectionFraction = 0.0;  // percent
  double esvMl = 0.0;
  double edvMl = 0.0;
  int frameHeight = 0;
  int frameWidth = 0;
  double fps = 0.0;
  int numberOfFrames = 0;
  std::string split;  // TRAIN, VAL, TEST
};

struct VolumeTracingRow {
  int frame = 0;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

class EchoDataset {
 public:
  // Reads FileList.csv and (when present) VolumeTracings.csv. Throws Error naming the file and the
  // line for a missing folder, a missing or malformed CSV, or an unknown column layout.
  static EchoDataset open(const std::string& directory);

  const std::string& directory() const { return directory_; }
  const std::vector<DatasetEntry>& entries() const { return entries_; }
  // Entries of one split ("TRAIN", "VAL", "TEST"; case-insensitive); all entries for "ALL".
  std::vector<DatasetEntry> split(const std::string& name) const;
  const DatasetEntry& entry(const std::string& fileName) const;

  std::string videoPath(const DatasetEntry& entry) const;
  // Simulated datasets only; std::nullopt when the file is not there.
  std::optional<std::string> lowQualityVideoPath(const DatasetEntry& entry) const;
  std::optional<std::string> truthPath(const DatasetEntry& entry) const;
  std::vector<VolumeTracingRow> tracings(const std::string& fileName) const;

  Clip readVideo(const DatasetEntry& entry) const;
  std::optional<Clip> readLowQualityVideo(const DatasetEntry& entry) const;
  // Truth masks as clips of 0/1 pixels; std::nullopt when the dataset has none for this entry.
  std::optional<Clip> readLvMasks(const DatasetEntry& entry) const;
  std::optional<Clip> readMyocardiumMasks(const DatasetEntry& entry) const;
  std::optional<nlohmann::json> readTruth(const DatasetEntry& entry) const;
  // The fan the simulator drew ("sector" in Truth/<FileName>.json, the clip's pixel coordinates),
  // so that callers prepare simulated clips exactly instead of searching for the fan; std::nullopt
  // when the dataset has no truth for the entry or it records no valid sector. Error naming the
  // file when "sector" is there but malformed.
  std::optional<SectorGeometry> readTruthSector(const DatasetEntry& entry) const;

 private:
  std::string directory_;
  std::vector<DatasetEntry> entries_;
  std::map<std::string, std::vector<VolumeTracingRow>> tracings_;
};

// One simulated clip with everything the dataset stores about it.
struct DatasetClip {
  DatasetEntry entry;
  Clip video;  // the HQ rendering (what Videos/ holds)
  std::optional<Clip> lowQuality;
  std::optional<Clip> lvMasks;          // 0/1 pixels
  std::optional<Clip> myocardiumMasks;  // 0/1 pixels
  std::vector<VolumeTracingRow> tracings;
  nlohmann::json truth;  // written to Truth/<FileName>.json when not null
};

// Writes datasets clip by clip; finish() writes FileList.csv and VolumeTracings.csv. Every file
// is written atomically, and the CSVs only at the end, so an interrupted run leaves a folder
// without FileList.csv rather than one whose list names videos that are not there.
class DatasetWriter {
 public:
  explicit DatasetWriter(std::string directory);
  void add(const DatasetClip& clip);
  void finish();

 private:
  std::string directory_;
  std::vector<DatasetEntry> entries_;
  std::vector<std::pair<std::string, VolumeTracingRow>> tracings_;
};

// Frames stacked vertically into one tall image and back (the Masks/ format). Values are stored
// as 0/255 and read back as 0/1.
void writeMaskStack(const Clip& masks, const std::string& pngPath);
Clip readMaskStack(const std::string& pngPath, int frameCount);

}  // namespace latentecho
