#include "latentecho/io/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::TempDir;

Clip gradientClip(int frames, int size, int seed) {
  Clip clip(frames, size, size, 50.0);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) clip.at(t, y, x) = static_cast<std::uint8_t>((x + y + t * 7 + seed) % 200 + 20);
  return clip;
}

Clip squareMasks(int frames, int size) {
  Clip masks(frames, size, size);
  for (int t = 0; t < frames; ++t)
    for (int y = 10; y < 20 + t; ++y)
      for (int x = 12; x < 30; ++x) masks.at(t, y, x) = 1;
  return masks;
}

TEST(Dataset, WrittenDatasetReadsBackWithEverySidecar) {
  TempDir dir;
  DatasetWriter writer(dir.path().string());
  for (int i = 0; i < 3; ++i) {
    DatasetClip clip;
    clip.entry = {"Sim" + std::to_string(i), 40.0 + i, 30.0, 50.0 + i, 48, 48, 50.0, 6,
                  i == 2 ? "TEST" : "TRAIN"};
    clip.video = gradientClip(6, 48, i);
    clip.lowQuality = gradientClip(6, 48, i + 50);
    clip.lvMasks = squareMasks(6, 48);
    clip.myocardiumMasks = squareMasks(6, 48);
    clip.tracings = {{0, 1.5, 2.5, 3.5, 4.5}, {0, 5, 6, 7, 8}, {4, 9, 10, 11, 12}};
    clip.truth = {{"ejectionFraction", 40.0 + i}, {"edFrame", 0}};
    writer.add(clip);
  }
  writer.finish();

  const EchoDataset dataset = EchoDataset::open(dir.path().string());
  ASSERT_EQ(dataset.entries().size(), 3u);
  EXPECT_EQ(dataset.split("train").size(), 2u);
  EXPECT_EQ(dataset.split("TEST").size(), 1u);
  EXPECT_EQ(dataset.split("ALL").size(), 3u);
  const DatasetEntry& entry = dataset.entry("Sim1.avi");
  EXPECT_DOUBLE_EQ(entry.ejectionFraction, 41.0);
  EXPECT_DOUBLE_EQ(entry.edvMl, 51.0);
  EXPECT_EQ(entry.numberOfFrames, 6);

  const Clip video = dataset.readVideo(entry);
  EXPECT_EQ(video.frameCount, 6);
  EXPECT_EQ(video.width, 48);
  ASSERT_TRUE(dataset.readLowQualityVideo(entry).has_value());

  const auto masks = dataset.readLvMasks(entry);
  ASSERT_TRUE(masks.has_value());
  EXPECT_EQ(masks->pixels, squareMasks(6, 48).pixels);  // masks are lossless
  ASSERT_TRUE(dataset.readMyocardiumMasks(entry).has_value());

  const auto tracings = dataset.tracings("Sim1");
  ASSERT_EQ(tracings.size(), 3u);
  EXPECT_DOUBLE_EQ(tracings[0].x1, 1.5);
  EXPECT_EQ(tracings[2].frame, 4);
  const auto truth = dataset.readTruth(entry);
  ASSERT_TRUE(truth.has_value());
  EXPECT_DOUBLE_EQ((*truth)["ejectionFraction"].get<double>(), 41.0);
}

TEST(Dataset, TheTruthSectorReadsBackWhereTheSimulatorRecordedOne) {
  TempDir dir;
  DatasetWriter writer(dir.path().string());
  for (int i = 0; i < 3; ++i) {
    DatasetClip clip;
    clip.entry = {"Sim" + std::to_string(i), 50.0, 30.0, 60.0, 48, 48, 50.0, 2, "TRAIN"};
    clip.video = gradientClip(2, 48, i);
    if (i == 0)
      clip.truth = {{"sector",
                     {{"apexX", 24.0},
                      {"apexY", 1.0},
                      {"innerRadius", 0.0},
                      {"outerRadius", 45.0},
                      {"halfAngle", 0.7},
                      {"axisAngle", 0.1}}}};
    if (i == 1) clip.truth = {{"sector", {{"apexX", 24.0}}}};
    writer.add(clip);
  }
  writer.finish();
  const EchoDataset dataset = EchoDataset::open(dir.path().string());
  const auto sector = dataset.readTruthSector(dataset.entry("Sim0"));
  ASSERT_TRUE(sector.has_value());
  EXPECT_DOUBLE_EQ(sector->apexX, 24.0);
  EXPECT_DOUBLE_EQ(sector->apexY, 1.0);
  EXPECT_DOUBLE_EQ(sector->outerRadius, 45.0);
  EXPECT_DOUBLE_EQ(sector->halfAngle, 0.7);
  EXPECT_DOUBLE_EQ(sector->axisAngle, 0.1);
  try {
    dataset.readTruthSector(dataset.entry("Sim1"));
    ADD_FAILURE() << "a malformed sector was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Sim1.json"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(dataset.readTruthSector(dataset.entry("Sim2")).has_value());  // no truth
}

TEST(Dataset, ReadsTheEchoNetDynamicLayoutWithoutSidecars) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "Videos");
  std::ofstream(dir.file("FileList.csv"))
      << "FileName,EF,ESV,EDV,FrameHeight,FrameWidth,FPS,NumberOfFrames,Split\r\n"
      << "0X100009310A3BD7FC,78.49,14.88,69.21,112,112,50,174,VAL\r\n";
  std::ofstream(dir.file("VolumeTracings.csv"))
      << "FileName,X1,Y1,X2,Y2,Frame\n0X100009310A3BD7FC.avi,51.26,15.35,64.93,69.12,46\n";
  const EchoDataset dataset = EchoDataset::open(dir.path().string());
  ASSERT_EQ(dataset.entries().size(), 1u);
  const DatasetEntry& entry = dataset.entries()[0];
  EXPECT_EQ(entry.split, "VAL");
  EXPECT_EQ(entry.numberOfFrames, 174);
  EXPECT_EQ(dataset.videoPath(entry), (dir.path() / "Videos" / "0X100009310A3BD7FC.avi").string());
  EXPECT_FALSE(dataset.lowQualityVideoPath(entry).has_value());
  EXPECT_FALSE(dataset.readLvMasks(entry).has_value());
  ASSERT_EQ(dataset.tracings("0X100009310A3BD7FC").size(), 1u);
  EXPECT_EQ(dataset.tracings("0X100009310A3BD7FC")[0].frame, 46);
}

TEST(Dataset, MalformedListNamesFileAndLine) {
  TempDir dir;
  std::ofstream(dir.file("FileList.csv"))
      << "FileName,EF,ESV,EDV,FrameHeight,FrameWidth,FPS,NumberOfFrames,Split\n"
      << "a,50,1,2,112,112,50,32,TRAIN\n"
      << "b,fifty,1,2,112,112,50,32,TRAIN\n";
  try {
    EchoDataset::open(dir.path().string());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("FileList.csv:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("fifty"), std::string::npos) << e.what();
  }
}

TEST(Dataset, MissingListOrColumnIsAnError) {
  TempDir dir;
  EXPECT_THROW(EchoDataset::open(dir.path().string()), Error);
  EXPECT_THROW(EchoDataset::open(dir.file("nope")), Error);
  std::ofstream(dir.file("FileList.csv")) << "FileName,EF\nx,50\n";
  try {
    EchoDataset::open(dir.path().string());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ESV"), std::string::npos) << e.what();
  }
}

TEST(Dataset, InterruptedWriterLeavesNoFileList) {
  TempDir dir;
  {
    DatasetWriter writer(dir.path().string());
    DatasetClip clip;
    clip.entry = {"Only", 50, 20, 40, 32, 32, 50, 4, "TRAIN"};
    clip.video = gradientClip(4, 32, 0);
    writer.add(clip);
    // no finish(): as if the run was cancelled here
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "FileList.csv"));
  EXPECT_THROW(EchoDataset::open(dir.path().string()), Error);
}

}  // namespace
}  // namespace latentecho
