#pragma once
// The one exception type the core lets out of its boundary. Its message is written for the user:
// it names the file, tensor or parameter at fault and what is wrong with it. The CLI maps it to
// exit code 1 and the studio shows it in the window; anything else escaping is a bug (exit 2).
#include <stdexcept>
#include <string>

namespace latentecho {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a progress callback asked to stop. It is an Error so that a caller that does not
// care about the difference still reports it sensibly ("cancelled"), but the CLI and studio catch
// it first to treat cancellation as a normal outcome, not a failure.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace latentecho
