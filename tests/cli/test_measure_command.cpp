// `latentecho measure` on simulated clips with the bundled segmenter: LV area trace, ED/ES and
// LVEF against the simulator's truth, gCNR higher on the clean than on the degraded rendering,
// CSV and mask outputs, and errors that name the file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/lv_segmenter.h"
#include "latentecho/io/dataset.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::runCli;
using latentecho::testing::TempDir;

TEST(MeasureCommand, MatchesTheSimulatorsTruthOnHqAndLq) {
  TempDir dir;
  const std::string data = dir.file("sim");
  ASSERT_EQ(runCli({"simulate", "--out", data, "--clips", "2", "--frames", "40", "--size", "112",
                    "--seed", "77", "--val-fraction", "0", "--test-fraction", "0"})
                .exitCode,
            0);
  const EchoDataset dataset = EchoDataset::open(data);
  for (const DatasetEntry& entry : dataset.entries()) {
    const nlohmann::json truth = *dataset.readTruth(entry);
    SCOPED_TRACE(entry.fileName + " truth EF " + std::to_string(entry.ejectionFraction));
    const std::string csv = dir.file(entry.fileName + ".csv");
    const std::string masks = dir.file(entry.fileName + "_masks.png");
    const auto hq = runCli(
        {"measure", dataset.videoPath(entry), "--csv", csv, "--masks", masks, "--json", "--quiet"});
    ASSERT_EQ(hq.exitCode, 0) << hq.err;
    const nlohmann::json h = nlohmann::json::parse(hq.out);
    EXPECT_EQ(h["frames"], 40);
    EXPECT_EQ(h["lv_area_pixels"].size(), 40u);
    EXPECT_EQ(h["segmenter"]["architecture"], "unet");
    ASSERT_FALSE(h["lvef_percent"].is_null()) << hq.out;
    EXPECT_NEAR(h["lvef_percent"].get<double>(), entry.ejectionFraction, 10.0);
    ASSERT_GE(h["beats"].size(), 1u);
    if (truth.contains("esFrame") && truth["esFrame"].get<int>() >= 0) {
      EXPECT_NEAR(h["beats"][0]["es_frame"].get<int>(), truth["esFrame"].get<int>(), 2);
    }
    ASSERT_FALSE(h["gcnr"]["mean"].is_null());

    const auto lq = runCli({"measure", *dataset.lowQualityVideoPath(entry), "--json", "--quiet"});
    ASSERT_EQ(lq.exitCode, 0) << lq.err;
    const nlohmann::json l = nlohmann::json::parse(lq.out);
    EXPECT_LT(l["gcnr"]["mean"].get<double>(), h["gcnr"]["mean"].get<double>());

    // The CSV: a header and one row per frame; the masks: T frames stacked.
    std::ifstream in(csv);
    std::string line;
    int lines = 0;
    while (std::getline(in, line)) ++lines;
    EXPECT_EQ(lines, 41);
    EXPECT_EQ(readMaskStack(masks, 40).frameCount, 40);
  }
}

TEST(MeasureCommand, ErrorsNameTheFile) {
  const auto missing = runCli({"measure", "/nonexistent/clip.avi"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("/nonexistent/clip.avi"), std::string::npos) << missing.err;
  TempDir dir;
  const std::string data = dir.file("sim");
  ASSERT_EQ(
      runCli({"simulate", "--out", data, "--clips", "1", "--frames", "4", "--size", "64"}).exitCode,
      0);
  const EchoDataset dataset = EchoDataset::open(data);
  const auto noModel = runCli({"measure", dataset.videoPath(dataset.entries()[0]), "--segmenter",
                               dir.file("no-such-model")});
  EXPECT_EQ(noModel.exitCode, 1);
  EXPECT_NE(noModel.err.find("no-such-model"), std::string::npos) << noModel.err;
}

}  // namespace
}  // namespace latentecho
