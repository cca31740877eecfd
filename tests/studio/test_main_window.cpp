// Drives the real studio widgets offscreen (QT_QPA_PLATFORM=offscreen is set by CTest).
#include <gtest/gtest.h>

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <cmath>

#include "clip_player.h"
#include "frame_view.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/clip_writer.h"
#include "main_window.h"
#include "temp_dir.h"

namespace latentecho::studio {
namespace {

using latentecho::testing::TempDir;

class StudioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "test_main_window";
    static char* argv[] = {name, nullptr};
    if (!QApplication::instance()) app_ = new QApplication(argc, argv);
    QApplication::setOrganizationName("LatentEchoTests");
    QSettings().clear();
  }
  static inline QApplication* app_ = nullptr;
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
  ASSERT_FALSE(window.originalView()->frame().isNull());
  EXPECT_EQ(window.originalView()->frame().width(), 200);
  ASSERT_FALSE(window.preparedView()->frame().isNull());
  EXPECT_EQ(window.preparedView()->frame().width(), 256);

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

  EXPECT_EQ(QSettings().value("recentFiles").toStringList().value(0),
            QString::fromStdString(path));
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
