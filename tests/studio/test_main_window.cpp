// Drives the real studio widgets offscreen (QT_QPA_PLATFORM=offscreen is set by CTest).
#include <gtest/gtest.h>

#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <cmath>

#include <qcustomplot.h>
#include <QComboBox>
#include <QDir>
#include <QMenuBar>
#include "analysis_panel.h"
#include "clip_analysis.h"
#include "clip_player.h"
#include "frame_view.h"
#include "job_manager.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "main_window.h"
#include "preferences_dialog.h"
#include "render_worker.h"
#include "temp_dir.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

using latentecho::testing::TempDir;

class StudioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QApplication>("test_main_window");
    QSettings().clear();
    // A baseline from the start: the latent edit (the default where its models are bundled) would
    // start tuning for every clip these tests open.
    QSettings().setValue("enhance/method", "bilateral");
  }
};

// A fan of speckle-like texture with a beating dark disc in it, plus burnt-in "text" outside.
Clip fanClip(int frames) {
  Clip clip(frames, 160, 200, 25.0);
  SectorGeometry sector;
  sector.apexX = 100;
  sector.apexY = 10;
  sector.outerRadius = 140;
  sector.halfAngle = 0.7;
  std::uint32_t state = 12345;
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < clip.height; ++y)
      for (int x = 0; x < clip.width; ++x) {
        state = state * 1664525u + 1013904223u;
        std::uint8_t value = 0;
        if (sector.contains(x + 0.5, y + 0.5)) {
          const double r = std::hypot(x - 100.0, y - 90.0);
          value = r < 20.0 + 5.0 * t ? 15 : static_cast<std::uint8_t>(90 + (state >> 24) % 120);
        } else if (y < 12 && x < 40) {
          value = 255;
        }
        clip.at(t, y, x) = value;
      }
  return clip;
}

bool waitForLoad(MainWindow& window) {
  QSignalSpy spy(&window, &MainWindow::loadFinished);
  return spy.wait(30000) && spy.takeFirst().at(0).toBool();
}

// Waits until the enhanced view shows a rendered frame for the current α.
bool waitForEnhanced(MainWindow& window) {
  for (int i = 0; i < 300; ++i) {
    if (!window.renderWorker()->frame(window.alpha(), window.player()->currentFrame()).isNull() &&
        !window.enhancedView()->caption().contains("rendering")) {
      QCoreApplication::processEvents();
      return true;
    }
    QTest::qWait(20);
  }
  return false;
}

TEST_F(StudioTest, OpensAClipAndStepsThroughFrames) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(5), path);

  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window)) << window.lastError().toStdString();
  EXPECT_EQ(window.player()->frameCount(), 5);
  EXPECT_DOUBLE_EQ(window.player()->fps(), 25.0);
  // Both views show the sector as the models see it, 256 x 256.
  ASSERT_FALSE(window.originalView()->frame().isNull());
  EXPECT_EQ(window.originalView()->frame().width(), 256);
  ASSERT_TRUE(waitForEnhanced(window));
  EXPECT_EQ(window.enhancedView()->frame().size(), window.originalView()->frame().size());

  const QImage first = window.originalView()->frame();
  QTest::keyClick(&window, Qt::Key_Right);
  EXPECT_EQ(window.player()->currentFrame(), 1);
  EXPECT_NE(window.originalView()->frame(), first);
  QTest::keyClick(&window, Qt::Key_Left);
  QTest::keyClick(&window, Qt::Key_Left);
  EXPECT_EQ(window.player()->currentFrame(), 4);  // wraps to the last frame

  QTest::keyClick(&window, Qt::Key_Space);
  EXPECT_TRUE(window.player()->isPlaying());
  QSignalSpy frames(window.player(), &ClipPlayer::frameChanged);
  EXPECT_TRUE(frames.wait(2000));
  QTest::keyClick(&window, Qt::Key_Space);
  EXPECT_FALSE(window.player()->isPlaying());

  EXPECT_EQ(QSettings().value("recentFiles").toStringList().value(0), QString::fromStdString(path));
}

TEST_F(StudioTest, AlphaSliderReRendersTheEnhancedViewAndIsUndoable) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(4), path);
  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");  // fast

  window.setAlpha(0.0);  // no edit: the enhanced frame is the original
  ASSERT_TRUE(waitForEnhanced(window));
  EXPECT_EQ(window.enhancedView()->frame(), window.originalView()->frame());

  QTest::qWait(1100);  // a separate undo step, not merged with the one above
  window.setAlpha(1.5);
  ASSERT_TRUE(waitForEnhanced(window));
  const QImage smoothed = window.enhancedView()->frame();
  EXPECT_NE(smoothed, window.originalView()->frame());
  EXPECT_TRUE(window.enhancedView()->caption().contains("1.50"));

  window.undoStack()->undo();
  EXPECT_DOUBLE_EQ(window.alpha(), 0.0);
  ASSERT_TRUE(waitForEnhanced(window));
  EXPECT_EQ(window.enhancedView()->frame(), window.originalView()->frame());
  window.undoStack()->redo();
  EXPECT_DOUBLE_EQ(window.alpha(), 1.5);

  // The whole clip gets rendered at the final α, not only the visible frame.
  for (int i = 0; i < 200 && window.renderWorker()->renderedCount(1.5) < 4; ++i) QTest::qWait(20);
  EXPECT_EQ(window.renderWorker()->renderedCount(1.5), 4);

  // Wipe mode: one view shows both, split by the divider.
  QTest::keyClick(&window, Qt::Key_W);
  EXPECT_TRUE(window.originalView()->wipe());
  EXPECT_FALSE(window.enhancedView()->isVisible());
}

TEST_F(StudioTest, ExportsWriteTheEnhancedAndSideBySideClipsAndImages) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(4), path);
  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");
  window.setAlpha(1.0);

  const QString sideBySidePath = QString::fromStdString(dir.file("pair.avi"));
  const QString enhancedPath = QString::fromStdString(dir.file("enhanced.gif"));
  const int first = window.exportSideBySide(sideBySidePath);
  const int second = window.exportEnhancedClip(enhancedPath);
  ASSERT_GT(first, 0);
  window.jobs()->waitForAll();
  EXPECT_EQ(window.jobs()->status(first).state, JobManager::State::Finished)
      << window.jobs()->status(first).error.toStdString();
  EXPECT_EQ(window.jobs()->status(second).state, JobManager::State::Finished);
  const Clip pair = readClip(sideBySidePath.toStdString());
  EXPECT_EQ(pair.frameCount, 4);
  EXPECT_EQ(pair.width, 512);
  EXPECT_EQ(pair.height, 256);
  const Clip enhanced = readClip(enhancedPath.toStdString());
  EXPECT_EQ(enhanced.frameCount, 4);
  EXPECT_EQ(enhanced.width, 256);

  const QString framePair = QString::fromStdString(dir.file("frame_pair.png"));
  ASSERT_TRUE(window.saveFramePair(framePair)) << window.lastError().toStdString();
  EXPECT_EQ(QImage(framePair).size(), QSize(512, 256));
  const QString screenshot = QString::fromStdString(dir.file("window.png"));
  ASSERT_TRUE(window.saveScreenshot(screenshot));
  EXPECT_EQ(QImage(screenshot).size(), window.size());
  // A folder that does not exist: a clear error, nothing written.
  EXPECT_FALSE(window.saveScreenshot(QString::fromStdString(dir.file("no/such/dir.png"))));
  EXPECT_FALSE(window.lastError().isEmpty());
}

// A stand-in LV segmenter for the drawn clip: its LV is the dark disc (grey 15) inside the fan.
Clip darkDiscMasks(const Clip& frames, const Progress&) {
  Clip masks = frames;
  for (auto& v : masks.pixels) v = v > 0 && v < 50 ? 1 : 0;
  return masks;
}

template <typename Predicate>
bool waitFor(Predicate done, int milliseconds = 30000) {
  for (int waited = 0; waited < milliseconds; waited += 20) {
    if (done()) return true;
    QTest::qWait(20);
  }
  return done();
}

TEST_F(StudioTest, MeasuresBothClipsShowsOverlaysAndExportsTheMeasurements) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(4), path);
  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");
  window.setAlpha(0.5);
  window.setLvSegmentation(darkDiscMasks, "the test's threshold");

  ASSERT_TRUE(waitFor([&] { return window.originalAnalysis() != nullptr; }));
  const auto original = window.originalAnalysis();
  ASSERT_EQ(original->lv.areaPixels.size(), 4u);
  EXPECT_GT(original->lv.areaPixels[3], original->lv.areaPixels[0]);  // the disc grows
  EXPECT_GT(original->gcnr.mean, 0.5);  // dark disc against bright speckle
  ASSERT_TRUE(waitFor([&] { return window.enhancedAnalysis() != nullptr; }));
  EXPECT_EQ(window.enhancedAnalysis()->lv.areaPixels.size(), 4u);
  EXPECT_TRUE(window.analysisPanel()->summaryText().contains("gCNR"));

  window.setOverlays(true, true);
  ASSERT_FALSE(window.originalView()->overlay().isNull());
  EXPECT_FALSE(window.enhancedView()->overlay().isNull());
  EXPECT_EQ(window.originalView()->overlay().size(), window.originalView()->frame().size());
  window.setOverlays(false, false);
  EXPECT_TRUE(window.originalView()->overlay().isNull());

  const QString csv = QString::fromStdString(dir.file("measurements.csv"));
  ASSERT_TRUE(window.saveMeasurements(csv)) << window.lastError().toStdString();
  QFile file(csv);
  ASSERT_TRUE(file.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
  ASSERT_EQ(lines.size(), 5);
  EXPECT_TRUE(lines[0].startsWith("frame,lv_area_original_px"));
  const QString json = QString::fromStdString(dir.file("measurements.json"));
  ASSERT_TRUE(window.saveMeasurements(json));

  // A new α drops the enhanced measurements until the clip at that α is measured again.
  window.setAlpha(1.0);
  EXPECT_EQ(window.enhancedAnalysis(), nullptr);
  ASSERT_TRUE(waitFor([&] { return window.enhancedAnalysis() != nullptr; }));
  window.jobs()->waitForAll();
}

TEST_F(StudioTest, SideBySideExportDrawsTheShownOverlays) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(3), path);
  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");
  window.setLvSegmentation(darkDiscMasks, "the test's threshold");
  ASSERT_TRUE(waitFor([&] { return window.originalAnalysis() != nullptr; }));

  // Overlays off: grey frames. On: the contour (green) and the regions (tinted) in colour.
  const auto colouredPixels = [](const QImage& image) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        count += std::abs(c.red() - c.green()) > 40 || std::abs(c.blue() - c.green()) > 40;
      }
    return count;
  };
  window.setOverlays(false, false);
  const QString plain = QString::fromStdString(dir.file("plain/"));
  const int plainJob = window.exportSideBySide(plain);
  window.setOverlays(true, true);
  const QString drawn = QString::fromStdString(dir.file("drawn/"));
  const int drawnJob = window.exportSideBySide(drawn);
  window.jobs()->waitForAll();
  ASSERT_EQ(window.jobs()->status(plainJob).state, JobManager::State::Finished);
  ASSERT_EQ(window.jobs()->status(drawnJob).state, JobManager::State::Finished)
      << window.jobs()->status(drawnJob).error.toStdString();
  const QImage plainFrame(plain + "frame_0002.png");
  const QImage drawnFrame(drawn + "frame_0002.png");
  ASSERT_EQ(drawnFrame.size(), QSize(512, 256));
  EXPECT_EQ(colouredPixels(plainFrame), 0);
  // Both halves carry overlays.
  EXPECT_GT(colouredPixels(drawnFrame.copy(0, 0, 256, 256)), 100);
  EXPECT_GT(colouredPixels(drawnFrame.copy(256, 0, 256, 256)), 100);
  EXPECT_FALSE(QFile::exists(drawn + "frame_0003.png"));

  // A GIF cannot hold the colours: the job fails with a message naming the file.
  const int gifJob = window.exportSideBySide(QString::fromStdString(dir.file("drawn.gif")));
  window.jobs()->waitForAll();
  EXPECT_EQ(window.jobs()->status(gifJob).state, JobManager::State::Failed);
  EXPECT_TRUE(window.jobs()->status(gifJob).error.contains("drawn.gif"));
}

TEST_F(StudioTest, AlphaSweepPlotsGcnrAndTheQualityScoreAgainstAlpha) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(3), path);
  MainWindow window;
  window.show();
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");
  window.setLvSegmentation(darkDiscMasks, "the test's threshold");
  EXPECT_FALSE(window.analysisPanel()->sweepPlot()->isVisible());
  const int job = window.startAlphaSweep({0.0, 1.0, 2.0});  // the bundled quality model
  ASSERT_GT(job, 0);
  window.jobs()->waitForAll();
  ASSERT_EQ(window.jobs()->status(job).state, JobManager::State::Finished)
      << window.jobs()->status(job).error.toStdString();
  const auto sweep = window.alphaSweep();
  ASSERT_NE(sweep, nullptr);
  ASSERT_EQ(sweep->alphas.size(), 3u);
  ASSERT_EQ(sweep->names.size(), 2u);
  EXPECT_EQ(sweep->names[0], "gCNR");
  EXPECT_EQ(sweep->names[1], "P_hq");
  for (double value : sweep->values[0]) EXPECT_TRUE(value > 0.3 && value <= 1.0) << value;
  for (double value : sweep->values[1]) EXPECT_TRUE(value >= 0.0 && value <= 1.0) << value;
  // The bilateral filter smooths more with α: the clip the classifier sees changes.
  EXPECT_NE(sweep->values[1][0], sweep->values[1][2]);
  QCustomPlot* plot = window.analysisPanel()->sweepPlot();
  EXPECT_TRUE(plot->isVisible());
  ASSERT_EQ(plot->graphCount(), 2);
  EXPECT_EQ(plot->graph(0)->dataCount(), 3);
  EXPECT_EQ(plot->graph(1)->dataCount(), 3);
  EXPECT_EQ(plot->graph(0)->valueAxis(), plot->yAxis);
  EXPECT_EQ(plot->graph(1)->valueAxis(), plot->yAxis2);  // P_hq on its own axis
  EXPECT_TRUE(plot->yAxis2->visible());
  EXPECT_EQ(plot->yAxis2->label(), "P_hq");
  EXPECT_TRUE(plot->legend->visible());
  EXPECT_TRUE(plot->graph(1)->name().contains("P_hq"));
}

TEST_F(StudioTest, AlphaSweepWithoutAQualityModelSaysSoAndPlotsGcnrAlone) {
  TempDir dir;
  const std::string path = dir.file("fan.avi");
  writeClip(fanClip(3), path);
  MainWindow window;
  window.show();
  window.setQualityModelFolder(QString::fromStdString(dir.file("no-such-model")));
  window.openClip(QString::fromStdString(path));
  ASSERT_TRUE(waitForLoad(window));
  window.setMethod("bilateral");
  window.setLvSegmentation(darkDiscMasks, "the test's threshold");
  QSignalSpy messages(window.statusBar(), &QStatusBar::messageChanged);
  const int job = window.startAlphaSweep({0.0, 2.0});
  ASSERT_GT(job, 0);
  EXPECT_TRUE(window.statusBar()->currentMessage().contains("P_hq"))
      << window.statusBar()->currentMessage().toStdString();
  window.jobs()->waitForAll();
  QCoreApplication::processEvents();
  ASSERT_EQ(window.jobs()->status(job).state, JobManager::State::Finished)
      << window.jobs()->status(job).error.toStdString();
  const auto sweep = window.alphaSweep();
  ASSERT_NE(sweep, nullptr);
  ASSERT_EQ(sweep->names.size(), 1u);
  EXPECT_EQ(sweep->names[0], "gCNR");
  EXPECT_EQ(window.analysisPanel()->sweepPlot()->graphCount(), 1);
  EXPECT_FALSE(window.analysisPanel()->sweepPlot()->yAxis2->visible());
  // The sweep's "done" message says again why the curve is absent, naming the folder (other
  // jobs' messages may follow it).
  bool said = false;
  for (const QList<QVariant>& message : messages) {
    const QString text = message.at(0).toString();
    said |= text.contains("α sweep") && text.contains("done") && text.contains("no-such-model");
  }
  EXPECT_TRUE(said);
  window.setQualityModelFolder({});  // the bundled one again for the next test
}

TEST_F(StudioTest, LanguageSwitchesWithoutRestart) {
  MainWindow window;
  window.show();
  const auto fileMenu = [&] {
    QCoreApplication::processEvents();  // the LanguageChange events are posted
    return window.menuBar()->actions().value(0)->text();
  };
  const auto methods = [&] { return window.findChild<QComboBox*>()->itemText(0); };
  EXPECT_EQ(fileMenu(), "&File");
  EXPECT_EQ(methods(), "Latent edit");
  ASSERT_TRUE(applyLanguage("de"));
  EXPECT_EQ(fileMenu(), "&Datei");
  EXPECT_NE(methods(), "Latent edit");
  EXPECT_FALSE(methods().isEmpty());
  ASSERT_TRUE(applyLanguage("es"));
  EXPECT_EQ(fileMenu(), "&Archivo");
  ASSERT_TRUE(applyLanguage("en"));
  EXPECT_EQ(fileMenu(), "&File");
  EXPECT_EQ(methods(), "Latent edit");
}

TEST_F(StudioTest, BadFileShowsAnErrorAndKeepsTheWindowUsable) {
  TempDir dir;
  MainWindow window;
  window.show();
  // The warning box is modal; close it as soon as it appears.
  auto closer = [] {
    for (QWidget* w : QApplication::topLevelWidgets())
      if (w->inherits("QMessageBox") && w->isVisible()) w->close();
  };
  QTimer timer;
  QObject::connect(&timer, &QTimer::timeout, closer);
  timer.start(50);
  window.openClip(QString::fromStdString(dir.file("missing.avi")));
  EXPECT_FALSE(waitForLoad(window));
  EXPECT_TRUE(window.lastError().contains("missing.avi")) << window.lastError().toStdString();
  EXPECT_EQ(window.player()->frameCount(), 0);
}

}  // namespace
}  // namespace latentecho::studio
