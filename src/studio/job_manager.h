#pragma once
// Long work in the studio (tuning, exports, batch runs) as jobs: each runs on a worker thread with
// a latentecho::Progress whose callback stores the fraction and stage and asks the UI thread to
// show them; cancel() makes the next Progress::report() throw Cancelled, so the work unwinds
// through its own clean-up and leaves nothing half-written. The UI never waits for a job.
//
// Thread-safety: the JobManager lives on the UI thread; all its functions are called there.
// jobChanged is emitted on the UI thread.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>

#include "latentecho/core/progress.h"

namespace latentecho::studio {

class JobManager : public QObject {
  Q_OBJECT
 public:
  enum class State { Running, Finished, Failed, Cancelled };
  struct Status {
    int id = 0;
    QString title;
    State state = State::Running;
    double fraction = 0.0;
    QString stage;
    QString error;  // why it failed
    // Estimated from the progress so far (elapsed · (1 − f) / f); < 0 while too early to tell.
    double secondsLeft = -1.0;
  };
  using Work = std::function<void(const Progress&)>;

  explicit JobManager(QObject* parent = nullptr);
  ~JobManager() override;  // cancels running jobs and waits for them

  // Starts `work` on a worker thread. `onSuccess` runs on the UI thread after it returned normally.
  int start(const QString& title, Work work, std::function<void()> onSuccess = {});
  void cancel(int id);
  void cancelAll();
  // "about 3 min left" (translated), or empty when the estimate is unknown.
  static QString timeLeftText(double secondsLeft);
  // Blocks until no job runs (tests and shutdown).
  void waitForAll();

  Status status(int id) const;
  std::vector<int> jobs() const;  // oldest first
  bool anyRunning() const;

 signals:
  void jobAdded(int id);
  void jobChanged(int id);
  void jobFinished(int id, latentecho::studio::JobManager::State state);

 private:
  struct Job;
  std::map<int, std::shared_ptr<Job>> jobs_;
  int nextId_ = 1;
};

}  // namespace latentecho::studio
