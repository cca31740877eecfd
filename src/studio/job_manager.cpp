#include "job_manager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <cmath>

#include "latentecho/core/error.h"

namespace latentecho::studio {

struct JobManager::Job {
  Status status;
  std::atomic<bool> cancelRequested{false};
  std::atomic<bool> updatePosted{false};  // one queued UI update at a time is enough
  QMutex mutex;                           // guards fraction/stage written by the worker
  double fraction = 0.0;
  QString stage;
  QElapsedTimer started;
  QFutureWatcher<void> watcher;
  std::function<void()> onSuccess;
  QString error;
  State outcome = State::Finished;
};

JobManager::JobManager(QObject* parent) : QObject(parent) {}

JobManager::~JobManager() {
  // No finished handlers now: what they would touch may already be gone.
  for (auto& [id, job] : jobs_) {
    job->watcher.disconnect(this);
    job->cancelRequested = true;
  }
  for (auto& [id, job] : jobs_) job->watcher.waitForFinished();
}

int JobManager::start(const QString& title, Work work, std::function<void()> onSuccess) {
  const int id = nextId_++;
  auto job = std::make_shared<Job>();
  job->status.id = id;
  job->status.title = title;
  job->onSuccess = std::move(onSuccess);
  job->started.start();
  jobs_[id] = job;

  QPointer<JobManager> self(this);
  Job* raw = job.get();
  const Progress progress([raw, self, id](double fraction, std::string_view stage) {
    {
      QMutexLocker lock(&raw->mutex);
      raw->fraction = fraction;
      raw->stage = QString::fromUtf8(stage.data(), static_cast<int>(stage.size()));
    }
    if (!raw->updatePosted.exchange(true) && self)
      QMetaObject::invokeMethod(
          self.data(),
          [self, id] {
            if (!self) return;
            auto it = self->jobs_.find(id);
            if (it == self->jobs_.end()) return;
            Job& j = *it->second;
            j.updatePosted = false;
            {
              QMutexLocker lock(&j.mutex);
              j.status.fraction = j.fraction;
              j.status.stage = j.stage;
            }
            // Too early, the estimate is noise: wait for 2 s and 2 % of the work.
            const double elapsed = static_cast<double>(j.started.elapsed()) / 1000.0;
            const double f = j.status.fraction;
            j.status.secondsLeft = elapsed > 2.0 && f > 0.02 ? elapsed * (1.0 - f) / f : -1.0;
            emit self->jobChanged(id);
          },
          Qt::QueuedConnection);
    return !raw->cancelRequested.load();
  });

  connect(&job->watcher, &QFutureWatcher<void>::finished, this, [this, id] {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    Job& j = *it->second;
    j.status.state = j.outcome;
    j.status.error = j.error;
    if (j.outcome == State::Finished) j.status.fraction = 1.0;
    j.status.secondsLeft = -1.0;
    if (j.outcome == State::Finished && j.onSuccess) j.onSuccess();
    emit jobChanged(id);
    emit jobFinished(id, j.outcome);
  });
  job->watcher.setFuture(QtConcurrent::run([raw, work = std::move(work), progress] {
    try {
      work(progress);
      raw->outcome = raw->cancelRequested ? State::Cancelled : State::Finished;
      if (raw->outcome == State::Cancelled) raw->error.clear();
    } catch (const Cancelled&) {
      raw->outcome = State::Cancelled;
    } catch (const std::exception& e) {
      raw->outcome = State::Failed;
      raw->error = QString::fromUtf8(e.what());
    }
  }));
  emit jobAdded(id);
  return id;
}

void JobManager::cancel(int id) {
  auto it = jobs_.find(id);
  if (it != jobs_.end() && it->second->status.state == State::Running)
    it->second->cancelRequested = true;
}

void JobManager::cancelAll() {
  for (auto& [id, job] : jobs_)
    if (job->status.state == State::Running) job->cancelRequested = true;
}

QString JobManager::timeLeftText(double secondsLeft) {
  if (secondsLeft < 0) return {};
  if (secondsLeft < 60)
    return tr("about %n s left", "", std::max(1, static_cast<int>(std::lround(secondsLeft))));
  if (secondsLeft < 3600)
    return tr("about %n min left", "", static_cast<int>(std::lround(secondsLeft / 60.0)));
  return tr("about %1 h left").arg(secondsLeft / 3600.0, 0, 'f', 1);
}

void JobManager::waitForAll() {
  for (auto& [id, job] : jobs_) job->watcher.waitForFinished();
  // Deliver the finished signals (and the success callbacks) the waits made due.
  QCoreApplication::processEvents();
}

JobManager::Status JobManager::status(int id) const {
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return {};
  return it->second->status;
}

std::vector<int> JobManager::jobs() const {
  std::vector<int> ids;
  for (const auto& [id, job] : jobs_) ids.push_back(id);
  return ids;
}

bool JobManager::anyRunning() const {
  for (const auto& [id, job] : jobs_)
    if (job->status.state == State::Running) return true;
  return false;
}

}  // namespace latentecho::studio
