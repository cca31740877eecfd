#include "latentecho/io/dataset.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "latentecho/core/error.h"
#include "latentecho/io/atomic_file.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"

namespace latentecho {
namespace fs = std::filesystem;
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string stripAvi(const std::string& name) {
  if (name.size() > 4 && upper(name.substr(name.size() - 4)) == ".AVI")
    return name.substr(0, name.size() - 4);
  return name;
}

std::vector<std::string> splitCsvLine(const std::string& line) {
  // EchoNet-Dynamic's CSVs are plain (no quoting); strip a trailing CR from Windows copies.
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    cells.push_back(cell);
  }
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// A CSV as a header → column index map plus rows; errors name the file and line.
struct Csv {
  std::string path;
  std::map<std::string, std::size_t> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lineNumbers;

  std::size_t column(const std::string& name) const {
    auto it = columns.find(name);
    if (it == columns.end()) throw Error(path + ": missing column '" + name + "'");
    return it->second;
  }
  double number(std::size_t row, std::size_t col) const {
    const std::string& cell = rows[row].at(col);
    try {
      std::size_t used = 0;
      const double value = std::stod(cell, &used);
      if (used != cell.size()) throw std::invalid_argument(cell);
      return value;
    } catch (const std::exception&) {
      throw Error(path + ":" + std::to_string(lineNumbers[row]) + ": '" + cell +
                  "' is not a number");
    }
  }
};

Csv readCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open");
  Csv csv;
  csv.path = path;
  std::string line;
  if (!std::getline(in, line)) throw Error(path + ": empty file, expected a header line");
  const auto header = splitCsvLine(line);
  for (std::size_t i = 0; i < header.size(); ++i) csv.columns[header[i]] = i;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    auto cells = splitCsvLine(line);
    if (cells.size() < header.size())
      throw Error(path + ":" + std::to_string(number) + ": " + std::to_string(cells.size()) +
                  " columns, the header has " + std::to_string(header.size()));
    csv.rows.push_back(std::move(cells));
    csv.lineNumbers.push_back(number);
  }
  return csv;
}

std::string formatNumber(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::optional<std::string> existing(const fs::path& path) {
  if (fs::exists(path)) return path.string();
  return std::nullopt;
}

}  // namespace

EchoDataset EchoDataset::open(const std::string& directory) {
  if (!fs::is_directory(directory))
    throw Error(directory + ": not a folder (expected an EchoNet-Dynamic style dataset)");
  const fs::path listPath = fs::path(directory) / "FileList.csv";
  if (!fs::exists(listPath))
    throw Error(directory + ": no FileList.csv (an interrupted `latentecho simulate` leaves none)");
  EchoDataset dataset;
  dataset.directory_ = directory;

  const Csv list = readCsv(listPath.string());
  const auto cName = list.column("FileName"), cEf = list.column("EF"), cEsv = list.column("ESV"),
             cEdv = list.column("EDV"), cH = list.column("FrameHeight"),
             cW = list.column("FrameWidth"), cFps = list.column("FPS"),
             cN = list.column("NumberOfFrames"), cSplit = list.column("Split");
  for (std::size_t r = 0; r < list.rows.size(); ++r) {
    DatasetEntry e;
    e.fileName = stripAvi(list.rows[r][cName]);
    e.ejectionFraction = list.number(r, cEf);
    e.esvMl = list.number(r, cEsv);
    e.edvMl = list.number(r, cEdv);
    e.frameHeight = static_cast<int>(list.number(r, cH));
    e.frameWidth = static_cast<int>(list.number(r, cW));
    e.fps = list.number(r, cFps);
    e.numberOfFrames = static_cast<int>(list.number(r, cN));
    e.split = upper(list.rows[r][cSplit]);
    dataset.entries_.push_back(std::move(e));
  }

  const fs::path tracingsPath = fs::path(directory) / "VolumeTracings.csv";
  if (fs::exists(tracingsPath)) {
    const Csv csv = readCsv(tracingsPath.string());
    const auto cFile = csv.column("FileName"), cX1 = csv.column("X1"), cY1 = csv.column("Y1"),
               cX2 = csv.column("X2"), cY2 = csv.column("Y2"), cFrame = csv.column("Frame");
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
      VolumeTracingRow row;
      row.x1 = csv.number(r, cX1);
      row.y1 = csv.number(r, cY1);
      row.x2 = csv.number(r, cX2);
      row.y2 = csv.number(r, cY2);
      row.frame = static_cast<int>(csv.number(r, cFrame));
      dataset.tracings_[stripAvi(csv.rows[r][cFile])].push_back(row);
    }
  }
  return dataset;
}

std::vector<DatasetEntry> EchoDataset::split(const std::string& name) const {
  const std::string wanted = upper(name);
  std::vector<DatasetEntry> out;
  for (const auto& e : entries_)
    if (wanted == "ALL" || e.split == wanted) out.push_back(e);
  return out;
}

const DatasetEntry& EchoDataset::entry(const std::string& fileName) const {
  const std::string name = stripAvi(fileName);
  for (const auto& e : entries_)
    if (e.fileName == name) return e;
  throw Error(directory_ + ": no clip named '" + fileName + "' in FileList.csv");
}

std::string EchoDataset::videoPath(const DatasetEntry& e) const {
  return (fs::path(directory_) / "Videos" / (e.fileName + ".avi")).string();
}

std::optional<std::string> EchoDataset::lowQualityVideoPath(const DatasetEntry& e) const {
  return existing(fs::path(directory_) / "LowQuality" / (e.fileName + ".avi"));
}

std::optional<std::string> EchoDataset::truthPath(const DatasetEntry& e) const {
  return existing(fs::path(directory_) / "Truth" / (e.fileName + ".json"));
}

std::vector<VolumeTracingRow> EchoDataset::tracings(const std::string& fileName) const {
  auto it = tracings_.find(stripAvi(fileName));
  return it == tracings_.end() ? std::vector<VolumeTracingRow>{} : it->second;
}

Clip EchoDataset::readVideo(const DatasetEntry& e) const { return readClip(videoPath(e)); }

std::optional<Clip> EchoDataset::readLowQualityVideo(const DatasetEntry& e) const {
  if (auto path = lowQualityVideoPath(e)) return readClip(*path);
  return std::nullopt;
}

std::optional<Clip> EchoDataset::readLvMasks(const DatasetEntry& e) const {
  if (auto path = existing(fs::path(directory_) / "Masks" / (e.fileName + "_lv.png")))
    return readMaskStack(*path, e.numberOfFrames);
  return std::nullopt;
}

std::optional<Clip> EchoDataset::readMyocardiumMasks(const DatasetEntry& e) const {
  if (auto path = existing(fs::path(directory_) / "Masks" / (e.fileName + "_myocardium.png")))
    return readMaskStack(*path, e.numberOfFrames);
  return std::nullopt;
}

std::optional<nlohmann::json> EchoDataset::readTruth(const DatasetEntry& e) const {
  auto path = truthPath(e);
  if (!path) return std::nullopt;
  std::ifstream in(*path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& ex) {
    throw Error(*path + ": not valid JSON (" + ex.what() + ")");
  }
}

std::optional<SectorGeometry> EchoDataset::readTruthSector(const DatasetEntry& e) const {
  const std::optional<nlohmann::json> truth = readTruth(e);
  if (!truth || !truth->contains("sector") || !(*truth)["sector"].is_object()) return std::nullopt;
  const nlohmann::json& s = (*truth)["sector"];
  SectorGeometry sector;
  try {
    sector.apexX = s.at("apexX").get<double>();
    sector.apexY = s.at("apexY").get<double>();
    sector.innerRadius = s.at("innerRadius").get<double>();
    sector.outerRadius = s.at("outerRadius").get<double>();
    sector.halfAngle = s.at("halfAngle").get<double>();
    sector.axisAngle = s.value("axisAngle", 0.0);
  } catch (const nlohmann::json::exception& ex) {
    throw Error(*truthPath(e) + ": \"sector\" is not a sector (" + ex.what() + ")");
  }
  if (!sector.valid()) return std::nullopt;
  return sector;
}

void writeMaskStack(const Clip& masks, const std::string& pngPath) {
  Clip tall(1, masks.frameCount * masks.height, masks.width, masks.fps);
  for (std::size_t i = 0; i < masks.pixels.size(); ++i) tall.pixels[i] = masks.pixels[i] ? 255 : 0;
  writeClip(tall, pngPath);
}

Clip readMaskStack(const std::string& pngPath, int frameCount) {
  const Clip tall = readClip(pngPath);
  if (frameCount <= 0 || tall.height % frameCount != 0)
    throw Error(pngPath + ": height " + std::to_string(tall.height) + " is not a multiple of " +
                std::to_string(frameCount) + " frames");
  Clip masks(frameCount, tall.height / frameCount, tall.width);
  for (std::size_t i = 0; i < masks.pixels.size(); ++i)
    masks.pixels[i] = tall.pixels[i] >= 128 ? 1 : 0;
  return masks;
}

DatasetWriter::DatasetWriter(std::string directory) : directory_(std::move(directory)) {
  for (const char* sub : {"Videos", "LowQuality", "Masks", "Truth"})
    fs::create_directories(fs::path(directory_) / sub);
}

void DatasetWriter::add(const DatasetClip& clip) {
  const std::string& name = clip.entry.fileName;
  const fs::path root(directory_);
  writeClip(clip.video, (root / "Videos" / (name + ".avi")).string());
  if (clip.lowQuality) writeClip(*clip.lowQuality, (root / "LowQuality" / (name + ".avi")).string());
  if (clip.lvMasks) writeMaskStack(*clip.lvMasks, (root / "Masks" / (name + "_lv.png")).string());
  if (clip.myocardiumMasks)
    writeMaskStack(*clip.myocardiumMasks, (root / "Masks" / (name + "_myocardium.png")).string());
  if (!clip.truth.is_null())
    writeTextFileAtomically((root / "Truth" / (name + ".json")).string(), clip.truth.dump(1));
  entries_.push_back(clip.entry);
  for (const auto& row : clip.tracings) tracings_.emplace_back(name, row);
}

void DatasetWriter::finish() {
  std::ostringstream list;
  list << "FileName,EF,ESV,EDV,FrameHeight,FrameWidth,FPS,NumberOfFrames,Split\n";
  for (const auto& e : entries_)
    list << e.fileName << ',' << formatNumber(e.ejectionFraction) << ',' << formatNumber(e.esvMl)
         << ',' << formatNumber(e.edvMl) << ',' << e.frameHeight << ',' << e.frameWidth << ','
         << formatNumber(e.fps) << ',' << e.numberOfFrames << ',' << e.split << '\n';
  std::ostringstream tracings;
  tracings << "FileName,X1,Y1,X2,Y2,Frame\n";
  for (const auto& [name, row] : tracings_)
    tracings << name << ".avi," << formatNumber(row.x1) << ',' << formatNumber(row.y1) << ','
             << formatNumber(row.x2) << ',' << formatNumber(row.y2) << ',' << row.frame << '\n';
  const fs::path root(directory_);
  writeTextFileAtomically((root / "VolumeTracings.csv").string(), tracings.str());
  writeTextFileAtomically((root / "FileList.csv").string(), list.str());
}

}  // namespace latentecho
