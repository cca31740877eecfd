#pragma once
// Progress and cancellation, passed down into long work (training, PTI, evaluation, export).
//
// The callback receives the overall fraction done in [0,1] and a short stage label; it returns
// false to ask the work to stop. Work calls Progress::report() at convenient points; when the
// callback has returned false, report() throws latentecho::Cancelled so the work unwinds through
// its RAII guards and leaves no partial output behind.
//
// A Progress can be narrowed with sub(begin, end): the child's [0,1] maps to [begin,end] of the
// parent, so a function reports its own 0..1 without knowing where it sits in a larger job.
//
// Thread-safety: a Progress is a cheap value; report() calls the callback on the calling thread.
// The callback must be safe to call from whatever thread runs the work (the studio's callback only
// stores atomics and posts to the UI thread).
#include <functional>
#include <memory>
#include <string_view>

namespace latentecho {

using ProgressCallback = std::function<bool(double fraction, std::string_view stage)>;

class Progress {
 public:
  // A Progress that reports nowhere and never cancels.
  Progress() = default;
  explicit Progress(ProgressCallback callback);

  // Reports `fraction` (clamped to [0,1]) of this range. Throws Cancelled if asked to stop.
  void report(double fraction, std::string_view stage) const;

  // True once any callback in the chain returned false. Lets tight loops poll cheaply.
  bool cancelled() const;

  // A child range covering [begin,end] of this one.
  Progress sub(double begin, double end) const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  double begin_ = 0.0;
  double end_ = 1.0;
};

}  // namespace latentecho
