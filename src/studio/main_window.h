#pragma once
// The studio's main window: opens a clip (File ▸ Open, drag and drop, recent files, command line),
// prepares it for the models (sector found, cropped, resized) on a worker thread, and shows the
// original next to the enhanced clip, played in step, zoomed and panned together, side by side or
// as a wipe. The α slider re-renders the enhanced clip through a RenderWorker (newest request
// wins); exports run as cancellable jobs listed in the Jobs panel. Errors appear in the window,
// never as a crash.
#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>

#include "clip_analysis.h"

class QLabel;
class QSlider;
class QDoubleSpinBox;
class QComboBox;
class QAction;
class QMenu;
class QToolButton;
class QUndoStack;
class QDockWidget;

namespace latentecho::studio {

class ClipPlayer;
class FrameView;
class ViewTransform;
class RenderWorker;
class JobManager;
class FrameRenderer;
class AnalysisPanel;
struct LoadedClip;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Starts loading `path` in the background; loadFinished() fires when it is shown or failed.
  void openClip(const QString& path);
  bool isLoading() const;

  // α, the edit strength: sets the slider and the spin box, re-renders, and is undoable.
  void setAlpha(double alpha);
  double alpha() const { return alpha_; }
  // Index into the method list (latent edit when the models are there, then the baselines).
  void setMethod(int index);

  // Exports, as jobs (returns the job id; -1 when nothing is open). Files are written atomically.
  int exportEnhancedClip(const QString& path);
  int exportSideBySide(const QString& path);
  // Immediate PNG writes; false (with lastError()) when they fail.
  bool saveFramePair(const QString& path);
  bool saveScreenshot(const QString& path);
  // The measurements of the original and the enhanced clip: CSV per frame, or JSON (by extension).
  bool saveMeasurements(const QString& path);

  // How LV masks are made for the measurements (default: the bundled segmenter, loaded on first
  // use; Tools ▸ LV Segmenter… picks another model folder). Re-measures the open clip.
  void setLvSegmentation(LvSegmentation segmentation, const QString& description);
  std::shared_ptr<const ClipAnalysis> originalAnalysis() const { return originalAnalysis_; }
  std::shared_ptr<const ClipAnalysis> enhancedAnalysis() const { return enhancedAnalysis_; }
  // Overlays on both views (persisted in the settings).
  void setOverlays(bool contour, bool regions);
  // Seeks to the next end-diastolic / end-systolic frame of the original (wrapping around).
  void jumpToPhase(bool endDiastole);

  AnalysisPanel* analysisPanel() const { return analysisPanel_; }
  ClipPlayer* player() const { return player_; }
  FrameView* originalView() const { return originalView_; }
  FrameView* enhancedView() const { return enhancedView_; }
  RenderWorker* renderWorker() const { return renderWorker_; }
  JobManager* jobs() const { return jobs_; }
  QUndoStack* undoStack() const { return undoStack_; }
  QString lastError() const { return lastError_; }

 signals:
  void loadFinished(bool ok);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  friend class AlphaChange;
  void buildUi();
  void buildMenus();
  void onLoaded();
  void showFrame(int frame);
  void applyAlpha(double alpha);  // without an undo entry
  void updateRenderer();
  void updateEnhancedView();
  void updateRecentMenu();
  void chooseAndOpen();
  QString chooseExportPath(const QString& title, const QString& defaultName, const QString& filter);
  void reportError(const QString& title, const QString& message);
  bool ensureSegmentation();
  void measureOriginal();
  void measureEnhanced();
  void updateOverlays();

  ClipPlayer* player_ = nullptr;
  ViewTransform* viewTransform_ = nullptr;
  FrameView* originalView_ = nullptr;
  FrameView* enhancedView_ = nullptr;
  QSlider* frameSlider_ = nullptr;
  QLabel* frameLabel_ = nullptr;
  QToolButton* playButton_ = nullptr;
  QComboBox* methodBox_ = nullptr;
  QSlider* alphaSlider_ = nullptr;
  QDoubleSpinBox* alphaSpin_ = nullptr;
  QLabel* renderLabel_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QAction* wipeAction_ = nullptr;
  QDockWidget* jobsDock_ = nullptr;
  QDockWidget* analysisDock_ = nullptr;
  AnalysisPanel* analysisPanel_ = nullptr;
  QAction* contourAction_ = nullptr;
  QAction* regionsAction_ = nullptr;
  LvSegmentation segmentation_;
  QString segmentationNote_;
  std::shared_ptr<const ClipAnalysis> originalAnalysis_;
  std::shared_ptr<const ClipAnalysis> enhancedAnalysis_;
  int enhancedMeasureJob_ = -1;
  QUndoStack* undoStack_ = nullptr;
  RenderWorker* renderWorker_ = nullptr;
  JobManager* jobs_ = nullptr;
  QFutureWatcher<std::shared_ptr<LoadedClip>> loader_;
  std::shared_ptr<LoadedClip> clip_;
  std::shared_ptr<const FrameRenderer> renderer_;
  double alpha_ = 1.0;
  QString pendingPath_;
  QString lastError_;
};

}  // namespace latentecho::studio
