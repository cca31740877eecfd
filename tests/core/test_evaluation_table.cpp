// Aggregating per-clip evaluation records into tables: means and bootstrap CIs over the clips
// where a value is defined, row order, independence of the clips' order, the record JSON round
// trip, and the CSV / JSON / Markdown renderings.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/bootstrap.h"
#include "latentecho/core/error.h"
#include "latentecho/core/evaluation_table.h"

namespace latentecho {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<EvaluationMetric> kMetrics{
    {"gcnr", "μ gCNR", MetricDirection::HigherIsBetter, ""},
    {"lvef_abs_change", "MAE LVEF", MetricDirection::LowerIsBetter, ""}};

// Built field by field: GCC 12 at -O3 warns (wrongly) about nested brace initialisation here.
SettingMetrics metrics(const std::string& method, std::optional<double> level,
                       std::map<std::string, double> values) {
  SettingMetrics m;
  m.setting.method = method;
  m.setting.level = level;
  m.values = std::move(values);
  return m;
}

ClipEvaluation clip(const std::string& name, double gcnrOriginal, double gcnrEdit, double dEf) {
  ClipEvaluation c;
  c.clip = name;
  c.settings.push_back(metrics("original", std::nullopt, {{"gcnr", gcnrOriginal}}));
  c.settings.push_back(
      metrics("latent-synthetic", 0.5, {{"gcnr", gcnrEdit}, {"lvef_abs_change", dEf}}));
  return c;
}

std::vector<ClipEvaluation> fourClips() {
  return {clip("c", 0.5, 0.7, 4.0), clip("a", 0.4, 0.6, 2.0), clip("d", 0.45, 0.65, kNaN),
          clip("b", 0.55, 0.75, 6.0)};
}

TEST(EvaluationTable, MeansAndIntervalsOverTheDefinedClipsInNameOrder) {
  BootstrapParams params;
  params.resamples = 200;
  params.seed = 9;
  const EvaluationTable table = aggregateEvaluations(fourClips(), kMetrics, params);
  EXPECT_EQ(table.clips, 4u);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].setting.method, "original");
  EXPECT_EQ(table.rows[1].setting.label(), "latent-synthetic α=0.5");

  const MetricSummary& gcnr = table.rows[1].metrics[0];
  ASSERT_TRUE(gcnr.result);
  EXPECT_EQ(gcnr.defined, 4u);
  EXPECT_NEAR(gcnr.result->estimate, 0.675, 1e-12);
  // The same interval as bootstrapping the values in clip-name order a, b, c, d.
  const BootstrapEstimate expected = bootstrapMean({0.6, 0.75, 0.7, 0.65}, params);
  EXPECT_DOUBLE_EQ(gcnr.result->lower, expected.lower);
  EXPECT_DOUBLE_EQ(gcnr.result->upper, expected.upper);
  EXPECT_LT(gcnr.result->lower, gcnr.result->estimate);
  EXPECT_GT(gcnr.result->upper, gcnr.result->estimate);

  // Clip d has no LVEF: the MAE is over three clips.
  const MetricSummary& mae = table.rows[1].metrics[1];
  EXPECT_EQ(mae.defined, 3u);
  EXPECT_NEAR(mae.result->estimate, 4.0, 1e-12);
  // The original has no LVEF change at all.
  EXPECT_EQ(table.rows[0].metrics[1].defined, 0u);
  EXPECT_FALSE(table.rows[0].metrics[1].result);
}

TEST(EvaluationTable, TheClipsOrderDoesNotChangeTheTables) {
  std::vector<ClipEvaluation> clips = fourClips();
  const std::string csv = evaluationTableCsv(aggregateEvaluations(clips, kMetrics));
  std::reverse(clips.begin(), clips.end());
  EXPECT_EQ(evaluationTableCsv(aggregateEvaluations(clips, kMetrics)), csv);
}

TEST(EvaluationTable, RowsComeInMethodThenLevelOrder) {
  ClipEvaluation c;
  c.clip = "x";
  c.settings.push_back(metrics("bilateral", 1.0, {{"gcnr", 0.1}}));
  c.settings.push_back(metrics("latent-real", 0.2, {{"gcnr", 0.2}}));
  c.settings.push_back(metrics("latent-synthetic", 1.0, {{"gcnr", 0.3}}));
  c.settings.push_back(metrics("latent-synthetic", 0.1, {{"gcnr", 0.4}}));
  c.settings.push_back(metrics("nlm", 1.0, {{"gcnr", 0.5}}));
  c.settings.push_back(metrics("original", std::nullopt, {{"gcnr", 0.6}}));
  const EvaluationTable table = aggregateEvaluations({c}, kMetrics);
  std::vector<std::string> labels;
  for (const EvaluationRow& row : table.rows) labels.push_back(row.setting.label());
  EXPECT_EQ(labels, (std::vector<std::string>{"original", "latent-synthetic α=0.1",
                                              "latent-synthetic α=1", "latent-real α=0.2",
                                              "nlm strength=1", "bilateral strength=1"}));
}

TEST(EvaluationTable, RecordsRoundTripThroughJsonWithNaNAsNull) {
  const ClipEvaluation original = clip("a", 0.4, 0.6, kNaN);
  const nlohmann::json json = clipEvaluationToJson(original);
  EXPECT_TRUE(json["settings"][1]["metrics"]["lvef_abs_change"].is_null());
  EXPECT_TRUE(json["settings"][0]["level"].is_null());
  const ClipEvaluation back = clipEvaluationFromJson(nlohmann::json::parse(json.dump()), "a.json");
  ASSERT_EQ(back.settings.size(), 2u);
  EXPECT_EQ(back.clip, "a");
  EXPECT_EQ(back.settings[1].setting, original.settings[1].setting);
  EXPECT_DOUBLE_EQ(back.settings[1].values.at("gcnr"), 0.6);
  EXPECT_TRUE(std::isnan(back.settings[1].values.at("lvef_abs_change")));
  EXPECT_THROW(clipEvaluationFromJson(nlohmann::json{{"clip", "a"}}, "a.json"), Error);
}

TEST(EvaluationTable, RefusesTheSameClipTwice) {
  std::vector<ClipEvaluation> clips = fourClips();
  clips.push_back(clip("a", 0.1, 0.2, 1.0));
  try {
    aggregateEvaluations(clips, kMetrics);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("clip a"), std::string::npos) << e.what();
  }
}

TEST(EvaluationTable, CsvJsonAndMarkdownRenderings) {
  BootstrapParams params;
  params.resamples = 100;
  const EvaluationTable table = aggregateEvaluations(fourClips(), kMetrics, params);
  const std::string csv = evaluationTableCsv(table);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "method,level,clips,gcnr_mean,gcnr_lower,gcnr_upper,gcnr_n,lvef_abs_change_mean,"
            "lvef_abs_change_lower,lvef_abs_change_upper,lvef_abs_change_n");
  EXPECT_NE(csv.find("\noriginal,,4,0.475,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",,,,0\n"), std::string::npos) << csv;  // the original's undefined MAE

  const nlohmann::json json = evaluationTableJson(table);
  EXPECT_EQ(json["clips"], 4);
  EXPECT_EQ(json["rows"][1]["metrics"]["lvef_abs_change"]["n"], 3);
  EXPECT_DOUBLE_EQ(json["rows"][1]["metrics"]["gcnr"]["mean"].get<double>(), 0.675);
  EXPECT_TRUE(json["rows"][0]["metrics"]["lvef_abs_change"]["mean"].is_null());

  const std::string md = evaluationTableMarkdown(table, 2);
  EXPECT_NE(md.find("| Setting | Clips | μ gCNR | MAE LVEF |"), std::string::npos) << md;
  EXPECT_NE(md.find("| original | 4 | 0.4"), std::string::npos) << md;  // 0.475 at 2 decimals
  EXPECT_NE(md.find("— |"), std::string::npos) << md;
  EXPECT_NE(md.find("4.00 ("), std::string::npos) << md;
  EXPECT_NE(md.find("n=3"), std::string::npos) << md;

  const EvaluationTable onlyOriginal =
      selectRows(table, [](const EvaluationSetting& s) { return !s.level; });
  ASSERT_EQ(onlyOriginal.rows.size(), 1u);
  EXPECT_EQ(evaluationTableMarkdown(onlyOriginal).find("MAE LVEF"), std::string::npos);
}

}  // namespace
}  // namespace latentecho
