#include "binary_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "latentecho/core/error.h"

namespace latentecho::detail {

std::vector<char> readFileBytes(const std::string& path) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code))
    throw Error(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open for reading (" + std::strerror(errno) + ")");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::vector<char> bytes(static_cast<std::size_t>(std::max<std::streamoff>(size, 0)));
  if (!bytes.empty() && !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    throw Error(path + ": read failed");
  return bytes;
}

void writeFileAtomically(const std::string& path, const std::vector<ByteSpan>& pieces) {
  const std::filesystem::path target(path);
  const std::filesystem::path folder =
      target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::string pattern = (folder / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw Error(path + ": cannot create a file there (" + std::strerror(errno) + ")");
  bool ok = true;
  for (const ByteSpan& piece : pieces) {
    const char* data = static_cast<const char*>(piece.data);
    std::size_t left = piece.size;
    while (ok && left > 0) {
      const ssize_t written = ::write(fd, data, left);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        ok = false;
        break;
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
  }
  const int savedErrno = errno;
  if (ok && ::fsync(fd) != 0) ok = false;
  if (::close(fd) != 0) ok = false;
  if (ok) {
    // mkstemp creates the file 0600; give it ordinary permissions.
    std::error_code ignored;
    std::filesystem::permissions(pattern,
                                 std::filesystem::perms::owner_read |
                                     std::filesystem::perms::owner_write |
                                     std::filesystem::perms::group_read |
                                     std::filesystem::perms::others_read,
                                 ignored);
  }
  if (!ok || std::rename(pattern.c_str(), path.c_str()) != 0) {
    const int error = ok ? errno : savedErrno;
    std::remove(pattern.c_str());
    throw Error(path + ": write failed (" + std::strerror(error) + ")");
  }
}

}  // namespace latentecho::detail
