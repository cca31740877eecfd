// The α slider's render worker: the newest request wins, the visible frame comes first, and a
// finished pass keeps the clip so playback needs no more rendering.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QMutex>
#include <QMutexLocker>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>

#include "frame_renderer.h"
#include "latentecho/core/error.h"
#include "render_worker.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

// Paints each frame with a grey level made of α and the index; records every call; slow on purpose
// so that requests overtake each other.
class RecordingRenderer : public FrameRenderer {
 public:
  explicit RecordingRenderer(int frames, int millisecondsPerFrame = 5, int batch = 2)
      : frames_(frames), delay_(millisecondsPerFrame), batch_(batch) {}
  int frameCount() const override { return frames_; }
  int preferredBatch() const override { return batch_; }
  QString name() const override { return QStringLiteral("recording"); }
  std::vector<QImage> render(double alpha, const std::vector<int>& frames) const override {
    std::vector<QImage> images;
    for (int index : frames) {
      if (failAt_ >= 0 && index == failAt_)
        throw Error("renderer broke at frame " + std::to_string(index));
      QThread::msleep(static_cast<unsigned long>(delay_));
      QImage image(4, 4, QImage::Format_Grayscale8);
      image.fill(static_cast<uint>(expectedGrey(alpha, index)));
      images.push_back(image);
      QMutexLocker lock(&mutex_);
      calls_.push_back({alpha, index});
    }
    return images;
  }
  static int expectedGrey(double alpha, int index) { return static_cast<int>(alpha * 100) + index; }
  std::vector<std::pair<double, int>> calls() const {
    QMutexLocker lock(&mutex_);
    return calls_;
  }
  int failAt_ = -1;

 private:
  int frames_, delay_, batch_;
  mutable QMutex mutex_;
  mutable std::vector<std::pair<double, int>> calls_;
};

class RenderWorkerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QCoreApplication>("test_render_worker");
  }
};

TEST_F(RenderWorkerTest, RendersTheVisibleFrameFirstThenTheRestOnwards) {
  auto renderer = std::make_shared<RecordingRenderer>(6);
  RenderWorker worker;
  worker.setRenderer(renderer);
  QSignalSpy done(&worker, &RenderWorker::clipRendered);
  worker.request(0.5, 4);
  ASSERT_TRUE(done.wait(5000));
  const auto calls = renderer->calls();
  ASSERT_EQ(calls.size(), 6u);
  const std::vector<int> expectedOrder = {4, 5, 0, 1, 2, 3};
  for (std::size_t i = 0; i < calls.size(); ++i) EXPECT_EQ(calls[i].second, expectedOrder[i]);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(qGray(worker.frame(0.5, i).pixel(0, 0)), RecordingRenderer::expectedGrey(0.5, i));
  EXPECT_TRUE(worker.frame(0.6, 0).isNull());

  // Same α again: everything is kept, nothing is rendered twice.
  worker.request(0.5, 2);
  QTest::qWait(100);
  EXPECT_EQ(renderer->calls().size(), 6u);
}

TEST_F(RenderWorkerTest, TheNewestRequestReplacesOlderOnes) {
  auto renderer = std::make_shared<RecordingRenderer>(40, 10);
  RenderWorker worker;
  worker.setRenderer(renderer);
  QSignalSpy done(&worker, &RenderWorker::clipRendered);
  // A slider drag: many α values in quick succession; only the last one must be completed.
  for (int step = 1; step <= 10; ++step) {
    worker.request(step / 10.0, 7);
    QTest::qWait(3);
  }
  ASSERT_TRUE(done.wait(10000));
  QTest::qWait(100);
  ASSERT_EQ(done.count(), 1);
  EXPECT_DOUBLE_EQ(done.at(0).at(0).toDouble(), 1.0);
  EXPECT_EQ(worker.renderedCount(1.0), 40);
  // Abandoned α values cost at most a batch or two each, not the whole clip.
  const auto calls = renderer->calls();
  int stale = 0;
  for (const auto& call : calls) stale += call.first != 1.0;
  EXPECT_LT(stale, 9 * 4);
  // The final α started with the visible frame.
  for (const auto& call : calls)
    if (call.first == 1.0) {
      EXPECT_EQ(call.second, 7);
      break;
    }
}

TEST_F(RenderWorkerTest, AMovingSliderGetsVisibleFramesWithoutWaitingForBatches) {
  auto renderer = std::make_shared<RecordingRenderer>(16, 5, 8);
  RenderWorker worker;
  EXPECT_EQ(worker.fillDelayMs(), RenderWorker::kDefaultFillDelayMs);
  worker.setFillDelayMs(600000);  // longer than this test: only a request ends the pause
  worker.setRenderer(renderer);
  QSignalSpy rendered(&worker, &RenderWorker::frameRendered);
  for (int step = 1; step <= 5; ++step) {
    worker.request(step / 10.0, 3);
    ASSERT_TRUE(rendered.wait(5000)) << step;  // this α's visible frame
    EXPECT_DOUBLE_EQ(rendered.last().at(0).toDouble(), step / 10.0);
    EXPECT_EQ(rendered.last().at(1).toInt(), 3);
  }
  // Each α so far cost exactly its visible frame: no batch was started in between.
  auto calls = renderer->calls();
  ASSERT_EQ(calls.size(), 5u);
  for (const auto& call : calls) EXPECT_EQ(call.second, 3);

  // The slider rests: the pause ends and the rest of the clip follows, in batches.
  QSignalSpy done(&worker, &RenderWorker::clipRendered);
  worker.setFillDelayMs(0);
  ASSERT_TRUE(done.wait(5000));
  EXPECT_EQ(worker.renderedCount(0.5), 16);
  calls = renderer->calls();
  EXPECT_EQ(calls.size(), 5u + 15u);
}

TEST_F(RenderWorkerTest, ANewRendererDropsTheOldFramesAndFailuresAreReported) {
  auto first = std::make_shared<RecordingRenderer>(3, 1);
  RenderWorker worker;
  worker.setRenderer(first);
  QSignalSpy done(&worker, &RenderWorker::clipRendered);
  worker.request(1.0, 0);
  ASSERT_TRUE(done.wait(5000));
  EXPECT_EQ(worker.renderedCount(1.0), 3);

  auto broken = std::make_shared<RecordingRenderer>(3, 1, 1);
  broken->failAt_ = 1;
  worker.setRenderer(broken);
  EXPECT_EQ(worker.renderedCount(1.0), 0);
  QSignalSpy failed(&worker, &RenderWorker::failed);
  worker.request(1.0, 0);
  ASSERT_TRUE(failed.wait(5000));
  EXPECT_TRUE(failed.at(0).at(0).toString().contains("frame 1"));
  EXPECT_FALSE(worker.frame(1.0, 0).isNull());  // what was rendered before the failure stays
}

}  // namespace
}  // namespace latentecho::studio
