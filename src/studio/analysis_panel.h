#pragma once
// The measurement panel: LV area over time for the original and the enhanced clip with ED/ES
// markers and a cursor at the current frame (click the plot to seek), LVEF of both and their
// difference, gCNR of both (clip mean and current frame), and the current frame's intensity
// histograms of the LV chamber and the myocardium ring — the distributions gCNR compares.
#include <QWidget>
#include <memory>

class QCustomPlot;
class QCPItemStraightLine;
class QLabel;

namespace latentecho::studio {

struct ClipAnalysis;

class AnalysisPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AnalysisPanel(QWidget* parent = nullptr);
  // null = not measured (yet); `enhancedAlpha` labels the enhanced curves.
  void setOriginal(std::shared_ptr<const ClipAnalysis> analysis);
  void setEnhanced(std::shared_ptr<const ClipAnalysis> analysis, double enhancedAlpha);
  void setCurrentFrame(int frame);
  // A line under the plots: why there are no measurements, or what is being measured.
  void setNote(const QString& note);

  // The numbers as shown (for tests and the metrics export).
  QString summaryText() const;
  QCustomPlot* tracePlot() const { return trace_; }
  QCustomPlot* histogramPlot() const { return histogram_; }

 signals:
  void seekRequested(int frame);

 private:
  void refresh();
  void refreshHistograms();

  std::shared_ptr<const ClipAnalysis> original_;
  std::shared_ptr<const ClipAnalysis> enhanced_;
  double enhancedAlpha_ = 0.0;
  int frame_ = 0;
  QCustomPlot* trace_ = nullptr;
  QCustomPlot* histogram_ = nullptr;
  QCPItemStraightLine* cursor_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace latentecho::studio
