#include "latentecho/plot/line_plot.h"

#include <qcustomplot.h>
#include <sys/stat.h>
#include <unistd.h>
#include <QApplication>
#include <QBuffer>
#include <QByteArray>
#include <QPixmap>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

// Kept for the rest of the process: Qt allows one application object, and tearing it down at
// exit is Qt's business.
QApplication* ensureApplication() {
  if (QCoreApplication* existing = QCoreApplication::instance()) {
    auto* application = qobject_cast<QApplication*>(existing);
    if (!application)
      throw Error("plots need a QApplication, but this process made a QCoreApplication");
    return application;
  }
  // No display is needed to draw into a pixmap; a user's explicit choice is kept (an empty value
  // is no choice: Qt would fall back to xcb and abort without a display).
  const char* platform = std::getenv("QT_QPA_PLATFORM");
  if (!platform || !*platform) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  // Batch jobs (SLURM, cron, ssh without a session) have no XDG_RUNTIME_DIR: Qt then warns on
  // stderr and falls back to /tmp/runtime-<user>. Naming such a private folder first keeps the
  // CLI's output to what the user asked for.
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (!runtime || !*runtime) {
    const std::string folder = "/tmp/runtime-" + std::to_string(getuid());
    struct stat info {};
    if ((mkdir(folder.c_str(), 0700) == 0 || errno == EEXIST) && stat(folder.c_str(), &info) == 0 &&
        info.st_uid == getuid() && (info.st_mode & 0777) == 0700)
      setenv("XDG_RUNTIME_DIR", folder.c_str(), 1);
  }
  static int argc = 1;
  static char name[] = "latentecho";
  static char* argv[] = {name, nullptr};
  static auto* application = new QApplication(argc, argv);
  return application;
}

const QColor kPalette[] = {QColor(31, 119, 180),  QColor(214, 39, 40),  QColor(44, 160, 44),
                           QColor(148, 103, 189), QColor(255, 127, 14), QColor(127, 127, 127),
                           QColor(23, 190, 207),  QColor(188, 189, 34)};

QVector<double> toVector(const std::vector<double>& values) {
  QVector<double> out;
  out.reserve(static_cast<int>(values.size()));
  for (double v : values) out.push_back(v);
  return out;
}

void checkSeries(const PlotSeries& s) {
  if (s.y.size() != s.x.size())
    throw Error("plot series '" + s.name + "': " + std::to_string(s.x.size()) + " x values but " +
                std::to_string(s.y.size()) + " y values");
  if (s.lower.size() != s.upper.size() || (!s.lower.empty() && s.lower.size() != s.x.size()))
    throw Error("plot series '" + s.name + "': the band needs as many lower and upper values as x");
}

}  // namespace

std::string renderLinePlotPng(const LinePlot& plot) {
  if (plot.width < 64 || plot.width > 8192 || plot.height < 64 || plot.height > 8192)
    throw Error("plot '" + plot.title + "': size " + std::to_string(plot.width) + " x " +
                std::to_string(plot.height) + " is outside 64..8192");
  for (const PlotSeries& s : plot.series) checkSeries(s);
  ensureApplication();

  QCustomPlot canvas;
  canvas.resize(plot.width, plot.height);
  canvas.setBackground(Qt::white);
  canvas.plotLayout()->insertRow(0);
  auto* title = new QCPTextElement(&canvas, QString::fromStdString(plot.title),
                                   QFont(canvas.font().family(), 12, QFont::Bold));
  canvas.plotLayout()->addElement(0, 0, title);
  canvas.xAxis->setLabel(QString::fromStdString(plot.xLabel));
  canvas.yAxis->setLabel(QString::fromStdString(plot.yLabel));
  canvas.legend->setVisible(true);
  canvas.legend->setBrush(QColor(255, 255, 255, 200));

  double yMin = INFINITY, yMax = -INFINITY, xMin = INFINITY, xMax = -INFINITY;
  const auto extend = [&](const std::vector<double>& values, double& lo, double& hi) {
    for (double v : values)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  };
  std::size_t index = 0;
  for (const PlotSeries& s : plot.series) {
    const QColor color = kPalette[index++ % (sizeof kPalette / sizeof kPalette[0])];
    const QVector<double> x = toVector(s.x);
    extend(s.x, xMin, xMax);
    extend(s.y, yMin, yMax);
    if (!s.lower.empty()) {
      extend(s.lower, yMin, yMax);
      extend(s.upper, yMin, yMax);
      QCPGraph* lower = canvas.addGraph();
      lower->setData(x, toVector(s.lower), true);
      lower->setPen(Qt::NoPen);
      lower->removeFromLegend();
      QCPGraph* upper = canvas.addGraph();
      upper->setData(x, toVector(s.upper), true);
      upper->setPen(Qt::NoPen);
      QColor fill = color;
      fill.setAlpha(45);
      upper->setBrush(fill);
      upper->setChannelFillGraph(lower);
      upper->removeFromLegend();
    }
    QCPGraph* line = canvas.addGraph();
    line->setName(QString::fromStdString(s.name));
    line->setData(x, toVector(s.y), true);
    QPen pen(color, 2);
    if (s.style == PlotLineStyle::Dashed) pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    if (s.markers) line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 6));
  }
  if (std::isfinite(xMin)) {
    const double xPad = xMax > xMin ? 0.03 * (xMax - xMin) : 0.5;
    canvas.xAxis->setRange(xMin - xPad, xMax + xPad);
  }
  if (std::isfinite(yMin)) {
    const double yPad = yMax > yMin ? 0.08 * (yMax - yMin) : std::max(0.05, 0.05 * std::abs(yMin));
    canvas.yAxis->setRange(yMin - yPad, yMax + yPad);
  }
  canvas.replot(QCustomPlot::rpImmediateRefresh);

  const QPixmap pixmap = canvas.toPixmap(plot.width, plot.height);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!pixmap.save(&buffer, "PNG"))
    throw Error("plot '" + plot.title + "': Qt could not encode the PNG");
  return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

}  // namespace latentecho
