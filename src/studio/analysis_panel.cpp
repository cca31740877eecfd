#include "analysis_panel.h"

#include <qcustomplot.h>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "alpha_sweep.h"
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
  if (bins <= 0 || frame < 0 || static_cast<std::size_t>((frame + 1) * bins) > all.size()) return;
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
  layout->addWidget(summary_);

  trace_ = new QCustomPlot(this);
  trace_->setMinimumHeight(170);
  styleLegend(trace_, font());
  cursor_ = new QCPItemStraightLine(trace_);
  cursor_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  connect(trace_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
    const double frame = trace_->xAxis->pixelToCoord(event->position().x());
    if (std::isfinite(frame)) emit seekRequested(static_cast<int>(std::lround(frame)));
  });
  layout->addWidget(trace_, 3);

  histogram_ = new QCustomPlot(this);
  histogram_->setMinimumHeight(140);
  histogram_->xAxis->setRange(0, 256);
  styleLegend(histogram_, font());
  layout->addWidget(histogram_, 2);

  sweep_ = new QCustomPlot(this);
  sweep_->setMinimumHeight(140);
  sweep_->xAxis->setRange(0, 2);
  styleLegend(sweep_, font());
  sweepCursor_ = new QCPItemStraightLine(sweep_);
  sweepCursor_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  sweep_->hide();
  layout->addWidget(sweep_, 2);

  sweepButton_ = new QPushButton(this);
  connect(sweepButton_, &QPushButton::clicked, this, &AnalysisPanel::sweepRequested);
  layout->addWidget(sweepButton_, 0, Qt::AlignLeft);

  note_ = new QLabel(this);
  note_->setWordWrap(true);
  layout->addWidget(note_);
  retranslateUi();
}

void AnalysisPanel::retranslateUi() {
  summary_->setAccessibleName(tr("Measurements"));
  trace_->setAccessibleName(tr("LV area over time"));
  trace_->xAxis->setLabel(tr("frame"));
  trace_->yAxis->setLabel(tr("LV area (pixels)"));
  histogram_->setAccessibleName(tr("Chamber and myocardium intensity histograms"));
  histogram_->xAxis->setLabel(tr("grey level"));
  histogram_->yAxis->setLabel(tr("share of pixels"));
  sweep_->setAccessibleName(tr("Metrics against the edit strength α"));
  sweep_->xAxis->setLabel(tr("α"));
  sweepButton_->setText(tr("S&weep α"));
  sweepButton_->setToolTip(
      tr("Render the clip at α = 0, 0.25, …, 2 and plot gCNR and the quality score P_hq against "
         "α (a job; cancel it in the Jobs panel)"));
  sweepButton_->setAccessibleName(tr("Sweep α and plot gCNR and P_hq"));
  refresh();
  refreshSweep();
}

void AnalysisPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void AnalysisPanel::setSweep(std::shared_ptr<const AlphaSweepResult> sweep, double currentAlpha) {
  sweepResult_ = std::move(sweep);
  refreshSweep();
  setSweepAlpha(currentAlpha);
}

void AnalysisPanel::setSweepAlpha(double alpha) {
  sweepCursor_->point1->setCoords(alpha, 0);
  sweepCursor_->point2->setCoords(alpha, 1);
  if (sweep_->isVisible()) sweep_->replot(QCustomPlot::rpQueuedReplot);
}

void AnalysisPanel::refreshSweep() {
  sweep_->clearGraphs();
  sweep_->setVisible(sweepResult_ != nullptr);
  if (!sweepResult_) return;
  static const QColor kColors[] = {QColor(40, 160, 90), QColor(200, 60, 160), QColor(60, 60, 60)};
  const QVector<double> x(sweepResult_->alphas.begin(), sweepResult_->alphas.end());
  QStringList leftNames, rightNames;
  for (std::size_t m = 0; m < sweepResult_->values.size(); ++m) {
    const QColor color = kColors[m % 3];
    const bool right = m < sweepResult_->axes.size() && sweepResult_->axes[m] == SweepAxis::Right;
    (right ? rightNames : leftNames) << sweepResult_->names[m];
    QCPGraph* graph = sweep_->addGraph(sweep_->xAxis, right ? sweep_->yAxis2 : sweep_->yAxis);
    graph->setName(tr("%1, %2").arg(sweepResult_->names[m], sweepResult_->method));
    graph->setPen(QPen(color, 2, right ? Qt::DashLine : Qt::SolidLine));
    graph->setScatterStyle(QCPScatterStyle(
        right ? QCPScatterStyle::ssSquare : QCPScatterStyle::ssDisc, color, color, 6));
    const auto& values = sweepResult_->values[m];
    graph->setData(x, QVector<double>(values.begin(), values.end()), true);
  }
  sweep_->rescaleAxes();
  // Both kinds of metric live in [0, 1] (gCNR, a probability); the ranges keep that frame so that
  // curves of different clips read alike.
  for (QCPAxis* axis : {sweep_->yAxis, sweep_->yAxis2}) {
    const QCPRange y = axis->range();
    axis->setRange(std::min(0.0, y.lower), std::max(1.0, y.upper));
  }
  sweep_->yAxis->setLabel(leftNames.isEmpty() ? tr("clip mean")
                                              : leftNames.join(QStringLiteral(", ")));
  sweep_->yAxis2->setLabel(rightNames.join(QStringLiteral(", ")));
  sweep_->yAxis2->setVisible(!rightNames.isEmpty());
  sweep_->xAxis->setRange(x.isEmpty() ? 0.0 : std::min(0.0, x.front()),
                          x.isEmpty() ? 2.0 : std::max(2.0, x.back()));
  sweep_->replot(QCustomPlot::rpQueuedReplot);
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
