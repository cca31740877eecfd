#include "batch_queue.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QTextStream>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <memory>

#include "classical_renderer.h"
#include "job_manager.h"
#include "latentecho/core/error.h"
#include "latentecho/io/classical_enhancement.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "latentecho/io/prepare.h"

namespace latentecho::studio {
namespace {

enum Column { kClip, kState, kLvefOriginal, kLvefEnhanced, kGcnrOriginal, kGcnrEnhanced };

QString number(double value, int decimals) {
  return std::isfinite(value) ? QString::number(value, 'f', decimals) : QString();
}

void writeCsv(const QString& path, const std::vector<BatchRow>& rows, const BatchSetup& setup) {
  QByteArray bytes;
  QTextStream out(&bytes);
  out << "clip,method,alpha,frames,lvef_original_percent,lvef_enhanced_percent,"
         "lvef_abs_difference,gcnr_original,gcnr_enhanced,seconds,enhanced_file,error\n";
  const auto quoted = [](QString text) {
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
  };
  for (const BatchRow& row : rows)
    out << quoted(row.clip) << ',' << setup.method << ',' << setup.alpha << ',' << setup.frames
        << ',' << number(row.lvefOriginal, 2) << ',' << number(row.lvefEnhanced, 2) << ','
        << number(std::abs(row.lvefEnhanced - row.lvefOriginal), 2) << ','
        << number(row.gcnrOriginal, 4) << ',' << number(row.gcnrEnhanced, 4) << ','
        << number(row.seconds, 1) << ',' << quoted(QFileInfo(row.enhancedFile).fileName()) << ','
        << quoted(row.error) << '\n';
  out.flush();
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    throw Error(path.toStdString() + ": cannot write the metrics (" +
                file.errorString().toStdString() + ")");
}

}  // namespace

QStringList batchClips(const QString& folder) {
  QStringList clips;
  const QDir dir(folder);
  for (const QFileInfo& info :
       dir.entryInfoList({"*.avi", "*.mp4", "*.mov", "*.gif", "*.dcm", "*.AVI", "*.MP4", "*.DCM"},
                         QDir::Files, QDir::Name))
    clips << info.absoluteFilePath();
  clips.removeDuplicates();
  return clips;
}

std::vector<BatchRow> runBatch(const BatchSetup& setup, const QStringList& clips,
                               const QString& outputFolder, const Progress& progress,
                               const std::function<void(int, const BatchRow&)>& rowDone) {
  if (!QDir(outputFolder).exists() && !QDir().mkpath(outputFolder))
    throw Error(outputFolder.toStdString() + ": cannot create the output folder");
  const QString csv = QDir(outputFolder).filePath(QStringLiteral("metrics.csv"));
  std::vector<BatchRow> rows;
  for (int i = 0; i < clips.size(); ++i) {
    const Progress step = progress.sub(static_cast<double>(i) / clips.size(),
                                       static_cast<double>(i + 1) / clips.size());
    const QFileInfo info(clips[i]);
    BatchRow row;
    row.clip = info.fileName();
    QElapsedTimer timer;
    timer.start();
    try {
      step.report(0.0, "reading " + row.clip.toStdString());
      const Clip original = readClip(clips[i].toStdString());
      PrepareOptions options;
      options.frames = setup.frames;
      const auto prepared = std::make_shared<const Clip>(prepareClip(original, options).clip);
      std::shared_ptr<const FrameRenderer> renderer;
      if (setup.method == QLatin1String("latent")) {
        LatentEditSettings latent = setup.latent;
        latent.frames = setup.frames;
        renderer = tuneLatentRenderer(latent, original, row.clip,
                                      QSize(prepared->width, prepared->height), step.sub(0.0, 0.6));
      } else {
        renderer = std::make_shared<ClassicalRenderer>(
            prepared, classicalMethodFromName(setup.method.toStdString()));
      }
      const Clip enhanced = renderClip(*renderer, *prepared, setup.alpha, step.sub(0.6, 0.75));
      const QString target =
          QDir(outputFolder).filePath(info.completeBaseName() + QStringLiteral("_enhanced.avi"));
      writeClip(enhanced, target.toStdString(), step.sub(0.75, 0.8));
      row.enhancedFile = target;
      if (setup.segmentation) {
        const ClipAnalysis before = analyseClip(*prepared, setup.segmentation, step.sub(0.8, 0.9));
        const ClipAnalysis after = analyseClip(enhanced, setup.segmentation, step.sub(0.9, 1.0));
        row.lvefOriginal = before.lv.ejectionFractionPercent;
        row.lvefEnhanced = after.lv.ejectionFractionPercent;
        row.gcnrOriginal = before.gcnr.mean;
        row.gcnrEnhanced = after.gcnr.mean;
      } else {
        row.error = QStringLiteral("not measured: no LV segmenter");
      }
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      row.error = QString::fromUtf8(e.what());
    }
    row.seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    rows.push_back(row);
    writeCsv(csv, rows, setup);
    if (rowDone) rowDone(i, row);
  }
  progress.report(1.0, "batch done");
  return rows;
}

BatchQueue::BatchQueue(JobManager* jobs, SetupProvider setup, QWidget* parent)
    : QWidget(parent), jobs_(jobs), setup_(std::move(setup)) {
  QSettings settings;
  auto* layout = new QVBoxLayout(this);
  auto* grid = new QGridLayout;
  inputLabel_ = new QLabel(this);
  input_ = new QLineEdit(settings.value("batch/input").toString(), this);
  browseInput_ = new QPushButton(this);
  outputLabel_ = new QLabel(this);
  output_ = new QLineEdit(settings.value("batch/output").toString(), this);
  browseOutput_ = new QPushButton(this);
  inputLabel_->setBuddy(input_);
  outputLabel_->setBuddy(output_);
  grid->addWidget(inputLabel_, 0, 0);
  grid->addWidget(input_, 0, 1);
  grid->addWidget(browseInput_, 0, 2);
  grid->addWidget(outputLabel_, 1, 0);
  grid->addWidget(output_, 1, 1);
  grid->addWidget(browseOutput_, 1, 2);
  layout->addLayout(grid);
  auto* buttons = new QHBoxLayout;
  start_ = new QPushButton(this);
  cancel_ = new QPushButton(this);
  cancel_->setEnabled(false);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  buttons->addWidget(start_);
  buttons->addWidget(cancel_);
  buttons->addWidget(status_, 1);
  layout->addLayout(buttons);
  table_ = new QTreeWidget(this);
  table_->setRootIsDecorated(false);
  table_->setColumnCount(6);
  table_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(table_, 1);

  const auto browse = [this](QLineEdit* edit, const QString& title) {
    const QString folder = QFileDialog::getExistingDirectory(this, title, edit->text());
    if (!folder.isEmpty()) edit->setText(folder);
  };
  connect(browseInput_, &QPushButton::clicked, this,
          [this, browse] { browse(input_, tr("Folder of clips to enhance")); });
  connect(browseOutput_, &QPushButton::clicked, this,
          [this, browse] { browse(output_, tr("Folder for the enhanced clips and metrics")); });
  connect(start_, &QPushButton::clicked, this, &BatchQueue::start);
  connect(cancel_, &QPushButton::clicked, this, &BatchQueue::cancel);
  connect(jobs_, &JobManager::jobFinished, this, [this](int id, JobManager::State state) {
    if (id != job_) return;
    start_->setEnabled(true);
    cancel_->setEnabled(false);
    const JobManager::Status status = jobs_->status(id);
    status_->setText(state == JobManager::State::Finished    ? tr("Done: metrics.csv written.")
                     : state == JobManager::State::Cancelled ? tr("Cancelled.")
                                                             : tr("Failed: %1").arg(status.error));
  });
  connect(jobs_, &JobManager::jobChanged, this, [this](int id) {
    if (id != job_) return;
    const JobManager::Status status = jobs_->status(id);
    if (status.state != JobManager::State::Running) return;
    const QString left = JobManager::timeLeftText(status.secondsLeft);
    status_->setText(tr("%1 % done").arg(static_cast<int>(status.fraction * 100.0)) +
                     (left.isEmpty() ? QString() : QStringLiteral(", ") + left));
  });
  retranslateUi();
}

void BatchQueue::retranslateUi() {
  inputLabel_->setText(tr("&Clips:"));
  outputLabel_->setText(tr("&Output:"));
  input_->setAccessibleName(tr("Folder of clips to enhance"));
  output_->setAccessibleName(tr("Output folder"));
  browseInput_->setText(tr("Browse…"));
  browseInput_->setAccessibleName(tr("Choose the folder of clips"));
  browseOutput_->setText(tr("Browse…"));
  browseOutput_->setAccessibleName(tr("Choose the output folder"));
  start_->setText(tr("&Start Batch"));
  start_->setToolTip(
      tr("Enhance and measure every clip of the folder with the current method "
         "and α"));
  cancel_->setText(tr("Cancel Batch"));
  table_->setAccessibleName(tr("Batch results"));
  table_->setHeaderLabels({tr("Clip"), tr("State"), tr("LVEF original"), tr("LVEF enhanced"),
                           tr("gCNR original"), tr("gCNR enhanced")});
}

void BatchQueue::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void BatchQueue::setInputFolder(const QString& folder) { input_->setText(folder); }
void BatchQueue::setOutputFolder(const QString& folder) { output_->setText(folder); }

void BatchQueue::cancel() {
  if (job_ >= 0) jobs_->cancel(job_);
}

void BatchQueue::setRow(int index, const BatchRow& row) {
  QTreeWidgetItem* item = table_->topLevelItem(index);
  if (!item) return;
  item->setText(kState, row.error.isEmpty() ? tr("done") : row.error);
  item->setToolTip(kState, row.error);
  item->setText(kLvefOriginal, number(row.lvefOriginal, 1));
  item->setText(kLvefEnhanced, number(row.lvefEnhanced, 1));
  item->setText(kGcnrOriginal, number(row.gcnrOriginal, 3));
  item->setText(kGcnrEnhanced, number(row.gcnrEnhanced, 3));
}

int BatchQueue::start() {
  if (job_ >= 0 && jobs_->status(job_).state == JobManager::State::Running) return -1;
  const QString input = input_->text().trimmed();
  const QString output = output_->text().trimmed();
  const QStringList clips = batchClips(input);
  if (input.isEmpty() || clips.isEmpty()) {
    status_->setText(tr("No clips (AVI, MP4, MOV, GIF, DICOM) in the folder “%1”.").arg(input));
    return -1;
  }
  if (output.isEmpty() || QDir(output) == QDir(input)) {
    status_->setText(tr("Choose an output folder other than the clips' folder."));
    return -1;
  }
  QSettings settings;
  settings.setValue("batch/input", input);
  settings.setValue("batch/output", output);
  table_->clear();
  for (const QString& clip : clips) {
    auto* item = new QTreeWidgetItem(table_);
    item->setText(kClip, QFileInfo(clip).fileName());
    item->setText(kState, tr("queued"));
  }
  const BatchSetup setup = setup_();
  QPointer<BatchQueue> self(this);
  job_ = jobs_->start(tr("Batch: %n clip(s)", "", static_cast<int>(clips.size())),
                      [setup, clips, output, self](const Progress& progress) {
                        runBatch(setup, clips, output, progress,
                                 [self](int index, const BatchRow& row) {
                                   QMetaObject::invokeMethod(
                                       self.data(),
                                       [self, index, row] {
                                         if (self) self->setRow(index, row);
                                       },
                                       Qt::QueuedConnection);
                                 });
                      });
  start_->setEnabled(false);
  cancel_->setEnabled(true);
  status_->setText(tr("Running…"));
  return job_;
}

}  // namespace latentecho::studio
