#include "analysis_panel.h"

#include <QLabel>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "clip_analysis.h"

namespace latentecho::studio {

namespace {

const QColor kOriginalColor(90, 160, 255);
const QColor kEnhancedColor(255, 150, 40);
constexpr int kDisplayBins = 32;  // the 256-bin histograms, regrouped for reading

QString percent(double value) {
  return std::isfinite(value) ? QString::number(value, 'f', 1) + QStringLiteral(" %")
                              : QStringLiteral("–");
}

QString number(double value, int decimals = 2) {
  return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("–");
}

void addTrace(QCustomPlot* plot, const ClipAnalysis& analysis, const QColor& color,
              const QString& name) {
  QVector<double> x, y;
  for (std::size_t i = 0; i < analysis.lv.areaPixels.size(); ++i) {
    x << static_cast<double>(i);
    y << analysis.lv.areaPixels[i];
  }
  QCPGraph* graph = plot->addGraph();
  graph->setName(name);
  graph->setPen(QPen(color, 2));
  graph->setData(x, y, true);
  // ED (filled) and ES (open) markers on the trace.
  for (const auto& [frames, shape] :
       {std::pair{analysis.lv.phases.edFrames, QCPScatterStyle::ssDisc},
        std::pair{analysis.lv.phases.esFrames, QCPScatterStyle::ssCircle}}) {
    QVector<double> mx, my;
    for (int f : frames) {
      if (f < 0 || f >= static_cast<int>(analysis.lv.areaPixels.size())) continue;
      mx << f;
      my << analysis.lv.areaPixels[static_cast<std::size_t>(f)];
    }
    QCPGraph* markers = plot->addGraph();
    markers->removeFromLegend();
    markers->setLineStyle(QCPGraph::lsNone);
    markers->setScatterStyle(QCPScatterStyle(shape, color, color, 8));
    if (shape == QCPScatterStyle::ssCircle)
      markers->setScatterStyle(QCPScatterStyle(shape, QPen(color, 2), Qt::NoBrush, 9));
    markers->setData(mx, my, true);
  }
}

void addHistogram(QCustomPlot* plot, const GcnrResult& gcnr, int frame, bool chamber,
                  const QColor& color, Qt::PenStyle style, const QString& name) {
  const int bins = gcnr.histogramBins;
  const auto& all = chamber ? gcnr.chamberHistograms : gcnr.myocardiumHistograms;
  if (bins <= 0 || frame < 0 ||
      static_cast<std::size_t>((frame + 1) * bins) > all.size())
    return;
  QVector<double> x(kDisplayBins), y(kDisplayBins, 0.0);
  for (int b = 0; b < bins; ++b)
    y[b * kDisplayBins / bins] += all[static_cast<std::size_t>(frame * bins + b)];
  for (int i = 0; i < kDisplayBins; ++i) x[i] = (i + 0.5) * 256.0 / kDisplayBins;
  QCPGraph* graph = plot->addGraph();
  graph->setName(name);
  graph->setPen(QPen(color, 2, style));
  graph->setLineStyle(QCPGraph::lsStepCenter);
  graph->setData(x, y, true);
}

// A small see-through legend that hides little of the curves.
void styleLegend(QCustomPlot* plot, QFont font) {
  font.setPointSizeF(font.pointSizeF() * 0.85);
  plot->legend->setVisible(true);
  plot->legend->setFont(font);
  plot->legend->setBrush(QColor(255, 255, 255, 170));
  plot->legend->setBorderPen(Qt::NoPen);
  plot->legend->setRowSpacing(-3);
}

}  // namespace

AnalysisPanel::AnalysisPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel(this);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setAccessibleName(tr("Measurements"));
  layout->addWidget(summary_);

  trace_ = new QCustomPlot(this);
  trace_->setAccessibleName(tr("LV area over time"));
  trace_->setMinimumHeight(170);
  trace_->xAxis->setLabel(tr("frame"));
  trace_->yAxis->setLabel(tr("LV area (pixels)"));
  styleLegend(trace_, font());
  cursor_ = new QCPItemStraightLine(trace_);
  cursor_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  connect(trace_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
    const double frame = trace_->xAxis->pixelToCoord(event->position().x());
    if (std::isfinite(frame)) emit seekRequested(static_cast<int>(std::lround(frame)));
  });
  layout->addWidget(trace_, 3);

  histogram_ = new QCustomPlot(this);
  histogram_->setAccessibleName(tr("Chamber and myocardium intensity histograms"));
  histogram_->setMinimumHeight(140);
  histogram_->xAxis->setLabel(tr("grey level"));
  histogram_->yAxis->setLabel(tr("share of pixels"));
  histogram_->xAxis->setRange(0, 256);
  styleLegend(histogram_, font());
  layout->addWidget(histogram_, 2);

  note_ = new QLabel(this);
  note_->setWordWrap(true);
  layout->addWidget(note_);
  refresh();
}

void AnalysisPanel::setOriginal(std::shared_ptr<const ClipAnalysis> analysis) {
  original_ = std::move(analysis);
  refresh();
}

void AnalysisPanel::setEnhanced(std::shared_ptr<const ClipAnalysis> analysis, double alpha) {
  enhanced_ = std::move(analysis);
  enhancedAlpha_ = alpha;
  refresh();
}

void AnalysisPanel::setCurrentFrame(int frame) {
  frame_ = frame;
  cursor_->point1->setCoords(frame, 0);
  cursor_->point2->setCoords(frame, 1);
  trace_->replot(QCustomPlot::rpQueuedReplot);
  refreshHistograms();
  summary_->setText(summaryText());
}

void AnalysisPanel::setNote(const QString& note) { note_->setText(note); }

QString AnalysisPanel::summaryText() const {
  QStringList lines;
  const double efOriginal = original_ ? original_->lv.ejectionFractionPercent : NAN;
  const double efEnhanced = enhanced_ ? enhanced_->lv.ejectionFractionPercent : NAN;
  lines << tr("LVEF: original %1, enhanced %2, difference %3 points")
               .arg(percent(efOriginal), percent(efEnhanced), number(efEnhanced - efOriginal, 1));
  auto frameGcnr = [this](const std::shared_ptr<const ClipAnalysis>& a) {
    if (!a || frame_ < 0 || frame_ >= static_cast<int>(a->gcnr.perFrame.size()))
      return std::numeric_limits<double>::quiet_NaN();
    return a->gcnr.perFrame[static_cast<std::size_t>(frame_)];
  };
  lines << tr("gCNR: original %1 (this frame %2), enhanced %3 (this frame %4)")
               .arg(number(original_ ? original_->gcnr.mean : NAN), number(frameGcnr(original_)),
                    number(enhanced_ ? enhanced_->gcnr.mean : NAN), number(frameGcnr(enhanced_)));
  return lines.join(QLatin1Char('\n'));
}

void AnalysisPanel::refresh() {
  trace_->clearGraphs();
  if (original_) addTrace(trace_, *original_, kOriginalColor, tr("original"));
  if (enhanced_)
    addTrace(trace_, *enhanced_, kEnhancedColor,
             tr("enhanced (α %1)").arg(enhancedAlpha_, 0, 'f', 2));
  trace_->rescaleAxes();
  if (trace_->graphCount() > 0) {
    QCPRange y = trace_->yAxis->range();
    trace_->yAxis->setRange(0, y.upper * 1.1 + 1);
  }
  trace_->replot(QCustomPlot::rpQueuedReplot);
  setCurrentFrame(frame_);
}

void AnalysisPanel::refreshHistograms() {
  histogram_->clearGraphs();
  if (original_) {
    addHistogram(histogram_, original_->gcnr, frame_, true, kOriginalColor, Qt::SolidLine,
                 tr("chamber, original"));
    addHistogram(histogram_, original_->gcnr, frame_, false, kOriginalColor, Qt::DashLine,
                 tr("myocardium, original"));
  }
  if (enhanced_) {
    addHistogram(histogram_, enhanced_->gcnr, frame_, true, kEnhancedColor, Qt::SolidLine,
                 tr("chamber, enhanced"));
    addHistogram(histogram_, enhanced_->gcnr, frame_, false, kEnhancedColor, Qt::DashLine,
                 tr("myocardium, enhanced"));
  }
  histogram_->yAxis->rescale();
  histogram_->xAxis->setRange(0, 256);
  histogram_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace latentecho::studio
