#pragma once
// Process-wide compute settings. Call initRuntime() once at start-up, before any tensor work:
// Debian's LibTorch starts with a single intra-op thread, which halves convolution speed on this
// project's 2-core target machines.
#include <string>

namespace latentecho {

struct RuntimeInfo {
  int threads = 1;      // intra-op threads LibTorch will use
  bool cuda = false;    // a CUDA device is visible
  std::string device;   // "cpu" or "cuda"
};

// Sets LibTorch's intra-op thread count to `threads`, or to the machine's cores when 0 (the
// LATENTECHO_THREADS environment variable overrides both). Idempotent.
RuntimeInfo initRuntime(int threads = 0);

// The device compute should run on: CUDA when LibTorch sees a GPU, else CPU. Returned as a string
// so headers that only need to name it stay free of LibTorch.
std::string defaultDeviceName();

}  // namespace latentecho
