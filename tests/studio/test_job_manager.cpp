// Jobs: progress reaches the UI thread, cancel stops the work at its next report, failures keep
// their message, and success runs the completion handler.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "job_manager.h"
#include "latentecho/core/error.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

class JobManagerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QCoreApplication>("test_job_manager");
  }
};

TEST_F(JobManagerTest, ReportsProgressAndRunsTheSuccessHandler) {
  JobManager jobs;
  bool handled = false;
  QSignalSpy changed(&jobs, &JobManager::jobChanged);
  const int id = jobs.start(
      "count",
      [](const Progress& progress) {
        for (int i = 0; i <= 10; ++i) {
          progress.report(i / 10.0, "counting");
          QThread::msleep(10);
        }
      },
      [&handled] { handled = true; });
  EXPECT_TRUE(jobs.anyRunning());
  jobs.waitForAll();
  EXPECT_FALSE(jobs.anyRunning());
  const JobManager::Status status = jobs.status(id);
  EXPECT_EQ(status.state, JobManager::State::Finished);
  EXPECT_DOUBLE_EQ(status.fraction, 1.0);
  EXPECT_EQ(status.title, "count");
  EXPECT_TRUE(handled);
  EXPECT_GE(changed.count(), 2);
}

TEST_F(JobManagerTest, CancelStopsTheWorkAtItsNextReport) {
  JobManager jobs;
  std::atomic<int> steps{0};
  bool handled = false;
  const int id = jobs.start(
      "endless",
      [&steps](const Progress& progress) {
        for (;;) {
          progress.report(0.5, "spinning");
          ++steps;
          QThread::msleep(5);
        }
      },
      [&handled] { handled = true; });
  QTest::qWait(50);
  jobs.cancel(id);
  jobs.waitForAll();
  EXPECT_EQ(jobs.status(id).state, JobManager::State::Cancelled);
  EXPECT_FALSE(handled);
  const int after = steps;
  QTest::qWait(30);
  EXPECT_EQ(steps, after);
}

TEST_F(JobManagerTest, AFailureKeepsItsMessage) {
  JobManager jobs;
  QSignalSpy finished(&jobs, &JobManager::jobFinished);
  const int id = jobs.start("broken", [](const Progress&) { throw Error("disk full: out.mp4"); });
  jobs.waitForAll();
  EXPECT_EQ(jobs.status(id).state, JobManager::State::Failed);
  EXPECT_EQ(jobs.status(id).error, "disk full: out.mp4");
  ASSERT_EQ(finished.count(), 1);
}

}  // namespace
}  // namespace latentecho::studio
