#include "latentecho/core/runtime.h"

#include <torch/cuda.h>
#include <ATen/Parallel.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace latentecho {

RuntimeInfo initRuntime(int threads) {
  if (const char* env = std::getenv("LATENTECHO_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) threads = n;
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  if (at::get_num_threads() != threads) at::set_num_threads(threads);
  RuntimeInfo info;
  info.threads = at::get_num_threads();
  info.cuda = torch::cuda::is_available();
  info.device = info.cuda ? "cuda" : "cpu";
  return info;
}

std::string defaultDeviceName() { return torch::cuda::is_available() ? "cuda" : "cpu"; }

}  // namespace latentecho
