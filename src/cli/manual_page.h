#pragma once
// The `latentecho` man page (roff, man(7) macros), generated from the CLI11 command tree itself so
// that it always says what `latentecho --help` and `latentecho COMMAND --help` say: every visible
// subcommand (nested ones too), its usage line, description, positionals and options with the same
// type, default and REQUIRED labels. The build writes latentecho.1 with `latentecho --manpage`
// (packaging/CMakeLists.txt); the hand-written parts (environment, files, exit status) are here.
#include <CLI/CLI.hpp>
#include <string>

namespace latentecho::cli {

// The whole page for `app` (the root `latentecho` app, commands registered). `version` goes into
// the page's header line.
std::string manualPage(const CLI::App& app, const std::string& version);

}  // namespace latentecho::cli
