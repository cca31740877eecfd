#pragma once
// Whole-file reads and atomic whole-file writes for the core's file formats (private to the
// core: the io layer has its own AtomicFile for writers that need a path).
#include <cstddef>
#include <string>
#include <vector>

namespace latentecho::detail {

// The bytes of `path`. Throws Error naming the file when it is missing or unreadable.
std::vector<char> readFileBytes(const std::string& path);

// Writes the pieces, in order, to a temporary file next to `path` and renames it over `path`,
// so readers never see a half-written file. Throws Error naming the file on failure.
struct ByteSpan {
  const void* data;
  std::size_t size;
};
void writeFileAtomically(const std::string& path, const std::vector<ByteSpan>& pieces);

}  // namespace latentecho::detail
