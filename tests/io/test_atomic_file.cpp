// AtomicFile: the destination appears only on commit, complete; anything else leaves no trace.
#include "latentecho/io/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

std::string contentOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int entriesIn(const fs::path& folder) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

TEST(AtomicFile, TemporaryIsHiddenInTheSameFolderAndKeepsTheExtension) {
  testing::TempDir dir;
  AtomicFile file(dir.file("clip.mp4"));
  const fs::path temporary(file.temporaryPath());
  EXPECT_EQ(temporary.parent_path(), dir.path());
  EXPECT_EQ(temporary.extension(), ".mp4");
  EXPECT_EQ(temporary.filename().string().rfind(".clip.tmp-", 0), 0u) << temporary;
  EXPECT_TRUE(fs::exists(temporary));
  EXPECT_FALSE(fs::exists(dir.file("clip.mp4")));
  AtomicFile other(dir.file("clip.mp4"));
  EXPECT_NE(other.temporaryPath(), file.temporaryPath());
}

TEST(AtomicFile, CommitMovesTheDataIntoPlace) {
  testing::TempDir dir;
  const std::string target = dir.file("table.csv");
  {
    AtomicFile file(target);
    std::ofstream(file.temporaryPath()) << "a,b\n1,2\n";
    EXPECT_FALSE(fs::exists(target));
    file.commit();
    EXPECT_TRUE(file.committed());
    EXPECT_FALSE(fs::exists(file.temporaryPath()));
  }
  EXPECT_EQ(contentOf(target), "a,b\n1,2\n");
  EXPECT_EQ(entriesIn(dir.path()), 1);
  const fs::perms mode = fs::status(target).permissions();
  EXPECT_NE(mode & fs::perms::owner_read, fs::perms::none);
  EXPECT_NE(mode & fs::perms::others_read, fs::perms::none);
}

TEST(AtomicFile, DestructionWithoutCommitLeavesTheOldFileAndNoTemporary) {
  testing::TempDir dir;
  const std::string target = dir.file("result.json");
  std::ofstream(target) << "old";
  {
    AtomicFile file(target);
    std::ofstream(file.temporaryPath()) << "half-written";
  }
  EXPECT_EQ(contentOf(target), "old");
  EXPECT_EQ(entriesIn(dir.path()), 1);
}

TEST(AtomicFile, ExceptionUnwindingRemovesTheTemporary) {
  testing::TempDir dir;
  try {
    AtomicFile file(dir.file("out.png"));
    std::ofstream(file.temporaryPath()) << "partial";
    throw Cancelled();
  } catch (const Cancelled&) {
  }
  EXPECT_EQ(entriesIn(dir.path()), 0);
}

TEST(AtomicFile, CommitReplacesAnExistingFileKeepingItsPermissions) {
  testing::TempDir dir;
  const std::string target = dir.file("notes.txt");
  std::ofstream(target) << "first";
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  writeTextFileAtomically(target, "second");
  EXPECT_EQ(contentOf(target), "second");
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(entriesIn(dir.path()), 1);
}

TEST(AtomicFile, MissingFolderIsAnErrorNamingTheFile) {
  testing::TempDir dir;
  const std::string target = dir.file("no/such/folder/out.csv");
  try {
    AtomicFile file(target);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_THROW(writeTextFileAtomically(target, "x"), Error);
  EXPECT_EQ(entriesIn(dir.path()), 0);
}

TEST(AtomicFile, CommitFailsWhenTheWriterRemovedTheTemporary) {
  testing::TempDir dir;
  AtomicFile file(dir.file("video.avi"));
  fs::remove(file.temporaryPath());
  EXPECT_THROW(file.commit(), Error);
  EXPECT_FALSE(fs::exists(dir.file("video.avi")));
}

TEST(AtomicFile, RefusesToReplaceAFolder) {
  testing::TempDir dir;
  fs::create_directory(dir.path() / "frames");
  EXPECT_THROW(AtomicFile file(dir.file("frames")), Error);
  EXPECT_TRUE(fs::is_directory(dir.path() / "frames"));
}

TEST(AtomicFile, WritesBinaryContentExactly) {
  testing::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  bytes += std::string("\0\r\n\0", 4);
  writeTextFileAtomically(dir.file("blob.bin"), bytes);
  EXPECT_EQ(contentOf(dir.file("blob.bin")), bytes);
}

}  // namespace
}  // namespace latentecho
