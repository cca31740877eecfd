#pragma once
// The measurement panel: LV area over time for the original and the enhanced clip with ED/ES
// markers and a cursor at the current frame (click the plot to seek), LVEF of both and their
// difference, gCNR of both (clip mean and current frame), and the current frame's intensity
// histograms of the LV chamber and the myocardium ring — the distributions gCNR compares — and,
// once the user asks for a sweep, each swept metric (gCNR on the left axis, P_hq on the right one)
// against α with the current α marked.
#include <QWidget>
#include <memory>

class QCustomPlot;
class QCPItemStraightLine;
class QLabel;
class QPushButton;

namespace latentecho::studio {

struct ClipAnalysis;
struct AlphaSweepResult;

class AnalysisPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AnalysisPanel(QWidget* parent = nullptr);
  // null = not measured (yet); `enhancedAlpha` labels the enhanced curves.
  void setOriginal(std::shared_ptr<const ClipAnalysis> analysis);
  void setEnhanced(std::shared_ptr<const ClipAnalysis> analysis, double enhancedAlpha);
  void setCurrentFrame(int frame);
  // The α sweep to plot (null: none; the plot hides), one curve per metric.
  void setSweep(std::shared_ptr<const AlphaSweepResult> sweep, double currentAlpha);
  void setSweepAlpha(double alpha);
  // A line under the plots: why there are no measurements, or what is being measured.
  void setNote(const QString& note);

  // The numbers as shown (for tests and the metrics export).
  QString summaryText() const;
  QCustomPlot* tracePlot() const { return trace_; }
  QCustomPlot* histogramPlot() const { return histogram_; }
  QCustomPlot* sweepPlot() const { return sweep_; }

 signals:
  void seekRequested(int frame);
  void sweepRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refresh();
  void refreshHistograms();
  void refreshSweep();
  void retranslateUi();

  std::shared_ptr<const ClipAnalysis> original_;
  std::shared_ptr<const ClipAnalysis> enhanced_;
  double enhancedAlpha_ = 0.0;
  int frame_ = 0;
  QCustomPlot* trace_ = nullptr;
  QCustomPlot* histogram_ = nullptr;
  QCPItemStraightLine* cursor_ = nullptr;
  QCustomPlot* sweep_ = nullptr;
  QCPItemStraightLine* sweepCursor_ = nullptr;
  std::shared_ptr<const AlphaSweepResult> sweepResult_;
  QPushButton* sweepButton_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace latentecho::studio
