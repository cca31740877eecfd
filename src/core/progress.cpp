#include "latentecho/core/progress.h"

#include <algorithm>
#include <atomic>

#include "latentecho/core/error.h"

namespace latentecho {

struct Progress::Shared {
  ProgressCallback callback;
  std::atomic<bool> stop{false};
};

Progress::Progress(ProgressCallback callback) : shared_(std::make_shared<Shared>()) {
  shared_->callback = std::move(callback);
}

void Progress::report(double fraction, std::string_view stage) const {
  if (!shared_) return;
  const double f = begin_ + (end_ - begin_) * std::clamp(fraction, 0.0, 1.0);
  if (shared_->callback && !shared_->callback(f, stage)) shared_->stop = true;
  if (shared_->stop) throw Cancelled();
}

bool Progress::cancelled() const { return shared_ && shared_->stop; }

Progress Progress::sub(double begin, double end) const {
  Progress child(*this);
  child.begin_ = begin_ + (end_ - begin_) * std::clamp(begin, 0.0, 1.0);
  child.end_ = begin_ + (end_ - begin_) * std::clamp(end, 0.0, 1.0);
  return child;
}

}  // namespace latentecho
