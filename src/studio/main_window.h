#pragma once
// The studio's main window: opens a clip (File ▸ Open, drag and drop, recent files, command line),
// prepares it for the models (sector found, cropped, resized) on a worker thread, and shows the
// original next to the enhanced clip, played in step, zoomed and panned together, side by side or
// as a wipe. The enhanced clip is the latent edit (opening a clip starts a cancellable tuning job,
// or reuses the PTI cache) or a classical baseline; the α slider re-renders it through a
// RenderWorker (newest request wins). Exports, sweeps and batch runs are cancellable jobs listed in
// the Jobs panel. Errors appear in the window, never as a crash. Every text follows a language
// change at once (retranslateUi).
#include <QFutureWatcher>
#include <QKeySequence>
#include <QMainWindow>
#include <functional>
#include <memory>
#include <vector>

#include "alpha_sweep.h"
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
class BatchQueue;
class LatentRenderer;
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
  // The enhancement method: "latent" (the paper's edit), "nlm" or "bilateral" (baselines).
  void setMethod(const QString& method);
  QString method() const;

  // The latent edit's generator and encoder folders ("" = bundled; persisted). Tunes again.
  void setLatentModels(const QString& generatorFolder, const QString& encoderFolder);
  // The edit direction file ("" = bundled; persisted). Re-renders without tuning again.
  void setDirectionFile(const QString& path);
  // Computes the real direction (mean code of HQ clips − of LQ clips) as a job, saves it to
  // `outFile` and uses it when done. Returns the job id.
  int computeRealDirection(const QString& highQualityFolder, const QString& lowQualityFolder,
                           const QString& outFile);
  // Tunes the open clip again (after a cancel or a settings change); the cache still applies.
  void tuneAgain();
  // The running or last tuning job (-1: none).
  int tuneJob() const { return tuneJob_; }
  // Renders the clip at each α and measures it (a job; the measurements dock plots it): gCNR, and
  // P_hq when the quality model loads (else the status bar says why that curve is absent).
  // Returns the job id, -1 when nothing can be swept.
  int startAlphaSweep(const std::vector<double>& alphas = defaultSweepAlphas());
  std::shared_ptr<const AlphaSweepResult> alphaSweep() const { return sweep_; }
  BatchQueue* batchQueue() const { return batchQueue_; }
  std::shared_ptr<const FrameRenderer> renderer() const { return renderer_; }

  // Every text again in the current language (on QEvent::LanguageChange).
  void retranslateUi();

  // Exports, as jobs (returns the job id; -1 when nothing is open). Files are written atomically.
  int exportEnhancedClip(const QString& path);
  // With the overlays drawn on both halves while either overlay is shown (MP4, AVI or a frame
  // folder then: the overlays are in colour).
  int exportSideBySide(const QString& path);
  // Immediate PNG writes; false (with lastError()) when they fail.
  bool saveFramePair(const QString& path);
  bool saveScreenshot(const QString& path);
  // The measurements of the original and the enhanced clip: CSV per frame, or JSON (by extension).
  bool saveMeasurements(const QString& path);

  // How LV masks are made for the measurements (default: the bundled segmenter, loaded on first
  // use; Tools ▸ LV Segmenter… picks another model folder). Re-measures the open clip.
  void setLvSegmentation(LvSegmentation segmentation, const QString& description);
  // The quality classifier folder for the sweep's P_hq curve ("" = bundled; persisted). Loaded at
  // the next sweep.
  void setQualityModelFolder(const QString& folder);
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
  void changeEvent(QEvent* event) override;

 private:
  friend class AlphaChange;
  using Text = QString (*)();  // a function returning a tr() text, called again on retranslation
  void translated(std::function<void()> apply);
  QMenu* addMenu(QMenu* parent, Text title);
  QAction* addAction(QMenu* menu, Text text, std::function<void()> slot,
                     const QKeySequence& shortcut = {});
  void startTuning();
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
  // The chosen (or bundled) quality classifier, loaded once per folder; empty, with a status bar
  // message, when it cannot be loaded.
  QualityScore ensureQualityScore();
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
  QDockWidget* batchDock_ = nullptr;
  BatchQueue* batchQueue_ = nullptr;
  std::vector<std::function<void()>> retranslations_;
  // The latent edit of the open clip: the tuned renderer (kept across method switches), the job
  // tuning it, and what the enhanced view says meanwhile.
  std::shared_ptr<const LatentRenderer> latent_;
  int tuneJob_ = -1;
  int latentGeneration_ = 0;  // counts model changes: a tuning result for older models is dropped
  QString latentNote_;
  std::shared_ptr<const AlphaSweepResult> sweep_;
  int sweepJob_ = -1;
  QString sweepNote_;  // what the running sweep lacks (no P_hq curve: why), for its "done" message
  AnalysisPanel* analysisPanel_ = nullptr;
  QAction* contourAction_ = nullptr;
  QAction* regionsAction_ = nullptr;
  LvSegmentation segmentation_;
  QString segmentationNote_;
  QualityScore qualityScore_;
  QString qualityScoreFolder_;  // the setting qualityScore_ was loaded for
  QString qualityScoreError_;   // why the last load failed
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
