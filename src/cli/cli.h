#pragma once
// The `latentecho` command line: one binary, subcommands per DESIGN.md. Kept out of app/ so the
// main stays thin and the commands are testable in-process.
//
// Exit codes: 0 ok, 1 user error (latentecho::Error: bad input, named), 2 internal error,
// 130 cancelled (Ctrl-C). With --json a command prints exactly one JSON object on stdout; human
// progress and messages always go to stderr.
namespace latentecho::cli {

int run(int argc, char** argv);

}  // namespace latentecho::cli
