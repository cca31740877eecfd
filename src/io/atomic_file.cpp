#include "latentecho/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {
namespace fs = std::filesystem;

namespace {

std::string systemError() { return std::strerror(errno); }

}  // namespace

AtomicFile::AtomicFile(std::string destination) : destination_(std::move(destination)) {
  const fs::path target(destination_);
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw Error(destination_ + ": not a file name");
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw Error(destination_ + ": cannot write here, the folder " + folder.string() +
                " does not exist");
  if (fs::is_directory(target, ec))
    throw Error(destination_ + ": is a folder, cannot replace it with a file");

  const std::string extension = target.extension().string();
  std::string stem = target.stem().string();
  // Keep the hidden temporary name within NAME_MAX (255) even for long destination names.
  if (stem.size() > 200) stem.resize(200);
  const std::string pattern = (folder / ("." + stem + ".tmp-XXXXXX" + extension)).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkstemps(name.data(), static_cast<int>(extension.size()));
  if (fd < 0)
    throw Error(destination_ + ": cannot create a temporary file in " + folder.string() + " (" +
                systemError() + ")");
  ::close(fd);
  temporary_ = name.data();
}

AtomicFile::~AtomicFile() {
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::commit() {
  if (committed_) return;
  std::error_code ec;
  if (!fs::is_regular_file(temporary_, ec))
    throw Error(destination_ + ": the writer did not produce the file (temporary " + temporary_ +
                " is missing)");
  // Flush the data before the rename makes it visible, so that a crash cannot leave a renamed but
  // empty file behind.
  const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  const fs::perms mode = fs::exists(destination_, ec)
                             ? fs::status(destination_, ec).permissions()
                             : fs::perms::owner_read | fs::perms::owner_write |
                                   fs::perms::group_read | fs::perms::others_read;
  fs::permissions(temporary_, mode, ec);
  if (std::rename(temporary_.c_str(), destination_.c_str()) != 0)
    throw Error(destination_ + ": cannot move the finished file into place (" + systemError() +
                ")");
  committed_ = true;
}

void writeTextFileAtomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temporaryPath(), std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw Error(path + ": cannot write (" + systemError() + ")");
  }
  file.commit();
}

}  // namespace latentecho
