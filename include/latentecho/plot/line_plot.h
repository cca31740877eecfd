#pragma once
// Line plots with confidence bands as PNG images, drawn off screen with QCustomPlot: the
// evaluation curves of `latentecho evaluate` (PAPER.md Figs. 6-7: a metric against the edit level
// with its 95% CI band).
//
// Its own small library (latentecho_plot: Qt 6 Widgets + QCustomPlot, no LibTorch) so that the
// command line can draw plots without linking the studio, and the core and io layers stay free of
// Qt. The interface is plain C++: callers include no Qt header.
//
// QCustomPlot is a QWidget and needs a QApplication. When the process has none, the first call
// creates one for the rest of the process, on the offscreen platform (QT_QPA_PLATFORM=offscreen
// is set when the variable is unset), so plots render without a display. Thread-safety: call
// from the thread that created the QApplication (the main thread of a command-line program).
#include <string>
#include <vector>

namespace latentecho {

enum class PlotLineStyle { Solid, Dashed };

struct PlotSeries {
  std::string name;       // legend entry
  std::vector<double> x;  // ascending
  std::vector<double> y;  // NaN leaves a gap
  // The band around y (e.g. the CI): both empty, or both the size of x. NaN leaves a gap.
  std::vector<double> lower;
  std::vector<double> upper;
  PlotLineStyle style = PlotLineStyle::Solid;
  bool markers = true;  // a dot on every point
};

struct LinePlot {
  std::string title;
  std::string xLabel;
  std::string yLabel;
  std::vector<PlotSeries> series;  // colours in order from a fixed palette
  int width = 800;                 // pixels
  int height = 560;
};

// The plot as PNG file content. Throws latentecho::Error for a series whose sizes disagree, a
// size out of 64..8192, or when no QApplication can be had (a QCoreApplication-only process).
std::string renderLinePlotPng(const LinePlot& plot);

}  // namespace latentecho
