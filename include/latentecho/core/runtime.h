#pragma once
// Process-wide compute settings. Call initRuntime() once at start-up, before any tensor work:
// Debian's LibTorch starts with a single intra-op thread, which halves convolution speed on this
// project's 2-core target machines; and glibc's allocator hands every freed activation buffer
// back to the kernel, so the next step page-faults it in again (measured: PTI spent 22% of its
// CPU time in the kernel).
#include <string>

namespace latentecho {

struct RuntimeInfo {
  int threads = 1;                // intra-op threads LibTorch will use
  bool cuda = false;              // a CUDA device is visible
  std::string device;             // "cpu" or "cuda"
  bool keepsFreedMemory = false;  // the allocator keeps freed buffers up to 32 MiB for reuse
};

// Sets LibTorch's intra-op thread count to `threads`, or to the machine's cores when 0 (the
// LATENTECHO_THREADS environment variable overrides both). With glibc, and unless the user tuned
// the allocator (any MALLOC_*_ variable set), it also makes blocks up to 32 MiB come from the
// heap, not fresh mappings, and keeps freed heap memory in the process instead of trimming it:
// the resident size stays near its peak, and repeated steps reuse their buffers. Idempotent.
RuntimeInfo initRuntime(int threads = 0);

// The device compute should run on: CUDA when LibTorch sees a GPU, else CPU. Returned as a string
// so headers that only need to name it stay free of LibTorch.
std::string defaultDeviceName();

}  // namespace latentecho
