#pragma once
// The batch queue (a dock): enhances and measures every clip of a folder with the current method
// and α, writing <clip name>_enhanced.avi for each and metrics.csv (LVEF and gCNR of the original
// and the enhanced clip per clip) into an output folder, as one cancellable job. Clips that fail
// are listed with their error and the queue goes on; metrics.csv is rewritten (atomically) after
// each clip, so a cancelled run keeps the rows of the clips it finished.
#include <QStringList>
#include <QWidget>
#include <cmath>
#include <functional>
#include <vector>

#include "clip_analysis.h"
#include "latent_renderer.h"

class QLineEdit;
class QPushButton;
class QTreeWidget;
class QLabel;

namespace latentecho::studio {

class JobManager;

// What the batch uses, taken from the window when the run starts.
struct BatchSetup {
  QString method = QStringLiteral("nlm");  // "latent", "nlm", "bilateral"
  double alpha = 1.0;
  int frames = 32;  // frames of each clip, from its first (0 = all)
  LatentEditSettings latent;
  LvSegmentation segmentation;  // empty: no measurements (the CSV says so)
};

struct BatchRow {
  QString clip;          // file name
  QString enhancedFile;  // written file, empty when it failed
  QString error;         // why it failed
  double lvefOriginal = NAN, lvefEnhanced = NAN;
  double gcnrOriginal = NAN, gcnrEnhanced = NAN;
  double seconds = 0.0;
};

// The clips in `folder` (video, GIF and DICOM files, sorted by name).
QStringList batchClips(const QString& folder);

// Runs the batch on the calling thread; `rowDone(index, row)` after each clip (on this thread).
// Throws Error when the output folder cannot be written, Cancelled when asked to stop.
std::vector<BatchRow> runBatch(const BatchSetup& setup, const QStringList& clips,
                               const QString& outputFolder, const Progress& progress,
                               const std::function<void(int, const BatchRow&)>& rowDone = {});

class BatchQueue : public QWidget {
  Q_OBJECT
 public:
  using SetupProvider = std::function<BatchSetup()>;
  BatchQueue(JobManager* jobs, SetupProvider setup, QWidget* parent = nullptr);

  void setInputFolder(const QString& folder);
  void setOutputFolder(const QString& folder);
  // Starts the run as a job (its id), -1 with a message in the panel when it cannot start.
  int start();
  void cancel();
  int job() const { return job_; }
  QTreeWidget* table() const { return table_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void setRow(int index, const BatchRow& row);

  JobManager* jobs_;
  SetupProvider setup_;
  QLineEdit* input_;
  QLineEdit* output_;
  QPushButton* browseInput_;
  QPushButton* browseOutput_;
  QPushButton* start_;
  QPushButton* cancel_;
  QLabel* inputLabel_;
  QLabel* outputLabel_;
  QLabel* status_;
  QTreeWidget* table_;
  int job_ = -1;
};

}  // namespace latentecho::studio
