// Off-screen line plots: a PNG of the requested size with the series drawn in colour (not a blank
// canvas), bands and gaps accepted, bad series refused.
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/plot/line_plot.h"

namespace latentecho {
namespace {

LinePlot examplePlot() {
  LinePlot plot;
  plot.title = "gCNR vs alpha";
  plot.xLabel = "alpha";
  plot.yLabel = "gCNR";
  plot.width = 400;
  plot.height = 300;
  PlotSeries s;
  s.name = "synthetic";
  s.x = {0, 0.5, 1, 1.5};
  s.y = {0.5, 0.55, std::numeric_limits<double>::quiet_NaN(), 0.62};
  s.lower = {0.45, 0.5, 0.52, 0.58};
  s.upper = {0.55, 0.6, 0.64, 0.66};
  plot.series.push_back(s);
  PlotSeries reference;
  reference.name = "original";
  reference.x = {0, 1.5};
  reference.y = {0.5, 0.5};
  reference.style = PlotLineStyle::Dashed;
  reference.markers = false;
  plot.series.push_back(reference);
  return plot;
}

TEST(LinePlot, RendersAPngOfTheRequestedSizeWithColouredSeries) {
  const std::string png = renderLinePlotPng(examplePlot());
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  QImage image;
  ASSERT_TRUE(image.loadFromData(reinterpret_cast<const uchar*>(png.data()),
                                 static_cast<int>(png.size()), "PNG"));
  EXPECT_EQ(image.width(), 400);
  EXPECT_EQ(image.height(), 300);
  // The first series is drawn in the palette's blue; count strongly blue pixels.
  int blue = 0, red = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (c.blue() > 150 && c.red() < 80) ++blue;
      if (c.red() > 180 && c.green() < 80) ++red;
    }
  EXPECT_GT(blue, 100);
  EXPECT_GT(red, 20);  // the dashed reference line
}

// `latentecho evaluate` in a batch job (no XDG_RUNTIME_DIR) prints only its own messages. ctest
// runs each test in a process of its own, so this one makes the process's Qt application.
TEST(LinePlot, SaysNothingOnStderrInABatchJobWithoutARuntimeFolder) {
  unsetenv("XDG_RUNTIME_DIR");
  ::testing::internal::CaptureStderr();
  const std::string png = renderLinePlotPng(examplePlot());
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(png.empty());
  EXPECT_EQ(said.find("XDG_RUNTIME_DIR"), std::string::npos) << said;
}

TEST(LinePlot, RefusesSeriesWhoseSizesDisagree) {
  LinePlot plot = examplePlot();
  plot.series[0].y.pop_back();
  EXPECT_THROW(renderLinePlotPng(plot), Error);
  plot = examplePlot();
  plot.series[0].upper.pop_back();
  EXPECT_THROW(renderLinePlotPng(plot), Error);
  plot = examplePlot();
  plot.width = 10;
  EXPECT_THROW(renderLinePlotPng(plot), Error);
}

}  // namespace
}  // namespace latentecho
