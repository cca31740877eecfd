#pragma once
// Atomic replacement of a file: write to a temporary file in the destination's folder, then
// rename it over the destination in one step. Readers never see a half-written file, and a failed
// or cancelled write leaves the destination as it was (absent, or its previous content).
//
// The temporary file lies in the same folder (rename is atomic only within one file system) and is
// hidden: ".<stem>.tmp-XXXXXX<extension>". It keeps the destination's extension because some
// writers (OpenCV's VideoWriter and imwrite) choose the format from the file name.
//
// Thread-safety: an AtomicFile is used by one thread; distinct AtomicFiles, even for the same
// destination, never share a temporary file (mkstemps reserves a unique name).
#include <string>

namespace latentecho {

class AtomicFile {
 public:
  // Reserves a new, empty temporary file next to `destination`. Throws Error naming the
  // destination when its folder does not exist or is not writable. The folder is not created.
  explicit AtomicFile(std::string destination);
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& destination() const { return destination_; }
  // Where to write the data. Writers may replace this file (open with truncation) but must have
  // closed it before commit().
  const std::string& temporaryPath() const { return temporary_; }

  // Flushes the temporary file to disk and renames it over the destination (replacing an existing
  // file). The destination keeps the permissions of the file it replaces, else gets rw-r--r--.
  // Throws Error naming the destination when the temporary file is missing (a writer failed
  // without saying so) or the rename fails; the destructor then removes the temporary file.
  void commit();
  bool committed() const { return committed_; }

 private:
  std::string destination_;
  std::string temporary_;
  bool committed_ = false;
};

// `content` written to `path` atomically (any bytes; the name says what the callers use it for:
// CSV, JSON, manifests). Throws Error naming the file on failure.
void writeTextFileAtomically(const std::string& path, const std::string& content);

}  // namespace latentecho
