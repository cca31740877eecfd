#include "latentecho/core/runtime.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <cstdlib>
#include <string>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

extern char** environ;

namespace latentecho {
namespace {

bool userTunedTheAllocator() {
  for (char** variable = environ; variable && *variable; ++variable)
    if (std::string(*variable).rfind("MALLOC_", 0) == 0) return true;
  return false;
}

// glibc's defaults: buffers above a threshold (128 KiB, rising as they are freed, capped at
// 32 MiB) are fresh mappings, unmapped on free; the heap's top is trimmed back to the kernel
// beyond 128 KiB. A training step frees and re-allocates the same few hundred MB every time, so
// both turn into page faults and zeroing. Setting the thresholds fixes them (and turns off the
// dynamic adjustment); 32 MiB is the largest mapping threshold glibc accepts.
bool keepFreedMemory() {
#if defined(__GLIBC__)
  static const bool kept = [] {
    if (userTunedTheAllocator()) return false;
    return mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 &&
           mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024) == 1 &&
           mallopt(M_TOP_PAD, 64 * 1024 * 1024) == 1;
  }();
  return kept;
#else
  return false;
#endif
}

}  // namespace

RuntimeInfo initRuntime(int threads) {
  if (const char* env = std::getenv("LATENTECHO_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) threads = n;
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  if (at::get_num_threads() != threads) at::set_num_threads(threads);
  RuntimeInfo info;
  info.keepsFreedMemory = keepFreedMemory();
  info.threads = at::get_num_threads();
  info.cuda = torch::cuda::is_available();
  info.device = info.cuda ? "cuda" : "cpu";
  return info;
}

std::string defaultDeviceName() { return torch::cuda::is_available() ? "cuda" : "cpu"; }

}  // namespace latentecho
