// The batch queue dock on two tiny clips: every clip enhanced and measured, metrics.csv written,
// a clip that cannot be read listed with its error, and a cancelled run keeps what it finished.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTest>
#include <QTreeWidget>
#include <cmath>

#include "batch_queue.h"
#include "job_manager.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "temp_dir.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

using latentecho::testing::TempDir;

Clip fanClip(int frames, int discGrowth) {
  Clip clip(frames, 160, 200, 25.0);
  SectorGeometry sector;
  sector.apexX = 100;
  sector.apexY = 10;
  sector.outerRadius = 140;
  sector.halfAngle = 0.7;
  std::uint32_t state = 99;
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < clip.height; ++y)
      for (int x = 0; x < clip.width; ++x) {
        state = state * 1664525u + 1013904223u;
        std::uint8_t value = 0;
        if (sector.contains(x + 0.5, y + 0.5)) {
          const double r = std::hypot(x - 100.0, y - 90.0);
          value = r < 25.0 + discGrowth * (t % 4)
                      ? 15
                      : static_cast<std::uint8_t>(90 + (state >> 24) % 120);
        }
        clip.at(t, y, x) = value;
      }
  return clip;
}

Clip darkDiscMasks(const Clip& frames, const Progress&) {
  Clip masks = frames;
  for (auto& v : masks.pixels) v = v > 0 && v < 50 ? 1 : 0;
  return masks;
}

class BatchQueueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QApplication>("test_batch_queue");
    QSettings().clear();
  }
};

TEST_F(BatchQueueTest, EnhancesAndMeasuresEveryClipOfAFolder) {
  TempDir dir;
  QDir().mkpath(QString::fromStdString(dir.file("in")));
  writeClip(fanClip(6, 8), dir.file("in/a.avi"));
  writeClip(fanClip(6, 4), dir.file("in/b.avi"));
  QFile broken(QString::fromStdString(dir.file("in/c.avi")));
  ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
  broken.write("not a video");
  broken.close();

  JobManager jobs;
  BatchQueue queue(&jobs, [] {
    BatchSetup setup;
    setup.method = "bilateral";
    setup.alpha = 1.0;
    setup.frames = 0;
    setup.segmentation = darkDiscMasks;
    return setup;
  });
  queue.show();
  queue.setInputFolder(QString::fromStdString(dir.file("in")));
  queue.setOutputFolder(QString::fromStdString(dir.file("out")));
  const int job = queue.start();
  ASSERT_GT(job, 0);
  jobs.waitForAll();
  QTest::qWait(50);  // the queued row updates
  ASSERT_EQ(jobs.status(job).state, JobManager::State::Finished)
      << jobs.status(job).error.toStdString();

  for (const char* name : {"out/a_enhanced.avi", "out/b_enhanced.avi"}) {
    const Clip enhanced = readClip(dir.file(name));
    EXPECT_EQ(enhanced.frameCount, 6) << name;
    EXPECT_EQ(enhanced.width, 256) << name;
  }
  EXPECT_FALSE(QFile::exists(QString::fromStdString(dir.file("out/c_enhanced.avi"))));
  QFile csv(QString::fromStdString(dir.file("out/metrics.csv")));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
  ASSERT_EQ(lines.size(), 4);
  EXPECT_TRUE(lines[0].startsWith("clip,method,alpha,frames,lvef_original_percent"));
  EXPECT_TRUE(lines[1].startsWith("\"a.avi\",bilateral,1,0,"));
  const QStringList a = lines[1].split(',');
  EXPECT_GT(a[4].toDouble(), 5.0);  // the disc beats: a real LVEF, measured
  EXPECT_GT(a[7].toDouble(), 0.5);  // dark disc against bright speckle
  EXPECT_TRUE(lines[3].startsWith("\"c.avi\"")) << lines[3].toStdString();
  EXPECT_TRUE(lines[3].contains("c.avi")) << lines[3].toStdString();
  EXPECT_FALSE(lines[3].endsWith("\"\""));  // its error is there

  ASSERT_EQ(queue.table()->topLevelItemCount(), 3);
  EXPECT_EQ(queue.table()->topLevelItem(0)->text(1), "done");
  EXPECT_FALSE(queue.table()->topLevelItem(0)->text(2).isEmpty());
  EXPECT_NE(queue.table()->topLevelItem(2)->text(1), "done");
}

TEST_F(BatchQueueTest, RefusesAMissingFolderAndCancelStopsTheRun) {
  TempDir dir;
  JobManager jobs;
  BatchQueue queue(&jobs, [] {
    BatchSetup setup;
    setup.method = "nlm";
    setup.frames = 0;
    return setup;
  });
  queue.setInputFolder(QString::fromStdString(dir.file("nothing")));
  queue.setOutputFolder(QString::fromStdString(dir.file("out")));
  EXPECT_EQ(queue.start(), -1);

  QDir().mkpath(QString::fromStdString(dir.file("in")));
  for (int i = 0; i < 6; ++i)
    writeClip(fanClip(8, 5), dir.file("in/clip" + std::to_string(i) + ".avi"));
  queue.setInputFolder(QString::fromStdString(dir.file("in")));
  const int job = queue.start();
  ASSERT_GT(job, 0);
  queue.cancel();
  jobs.waitForAll();
  EXPECT_EQ(jobs.status(job).state, JobManager::State::Cancelled);
  // Whatever finished before the cancel is whole: each written clip reads back.
  for (const QFileInfo& info :
       QDir(QString::fromStdString(dir.file("out"))).entryInfoList({"*_enhanced.avi"}, QDir::Files))
    EXPECT_EQ(readClip(info.absoluteFilePath().toStdString()).frameCount, 8);
}

}  // namespace
}  // namespace latentecho::studio
