// Process-wide settings: LibTorch's thread count, and an allocator that keeps the buffers a
// training step frees for the next step instead of handing them back to the kernel.
#include "latentecho/core/runtime.h"

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace latentecho {
namespace {

TEST(Runtime, SetsTheThreadCountAskedFor) {
  unsetenv("LATENTECHO_THREADS");
  EXPECT_EQ(initRuntime(2).threads, 2);
  EXPECT_EQ(at::get_num_threads(), 2);
  setenv("LATENTECHO_THREADS", "1", 1);
  EXPECT_EQ(initRuntime(2).threads, 1);  // the environment wins
  unsetenv("LATENTECHO_THREADS");
}

#if defined(__GLIBC__)
TEST(Runtime, LargeBuffersComeFromTheKeptHeapNotFreshMappings) {
  const RuntimeInfo info = initRuntime();
  ASSERT_TRUE(info.keepsFreedMemory) << "a MALLOC_* variable in the test's environment?";
  const std::size_t size = 16u << 20;  // above glibc's default mapping threshold of 128 KiB
  const auto mappedBefore = mallinfo2().hblks;
  void* block = std::malloc(size);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, size);
  EXPECT_EQ(mallinfo2().hblks, mappedBefore);  // not a mapping of its own
  std::free(block);
  // Freed, it stays in the process for the next allocation.
  EXPECT_GE(mallinfo2().fordblks, size);
}
#endif

}  // namespace
}  // namespace latentecho
