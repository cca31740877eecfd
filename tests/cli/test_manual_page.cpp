// The generated man page (`latentecho --manpage`) against `--help`: every subcommand at every
// level has its section and every option its entry; roff control characters are escaped and
// hidden options stay hidden.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "manual_page.h"
#include "run_cli.h"

namespace latentecho {
namespace {

using testing::runCli;

// The subcommand names a CLI11 help text lists under "SUBCOMMANDS:" (or "Subcommands:").
std::vector<std::string> helpSubcommands(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  bool inSection = false;
  const std::regex entry(R"(^  ([a-z0-9][a-z0-9-]*)\s)");
  while (std::getline(lines, line)) {
    if (line.find("ubcommands:") != std::string::npos ||
        line.find("UBCOMMANDS:") != std::string::npos) {
      inSection = true;
      continue;
    }
    std::smatch match;
    if (inSection && std::regex_search(line, match, entry)) names.push_back(match[1]);
  }
  return names;
}

// Every long option (--name) a help text mentions.
std::set<std::string> helpLongOptions(const std::string& help) {
  std::set<std::string> options;
  const std::regex option(R"((^|[\s,])(--[a-z0-9][a-z0-9-]*))");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), option);
       it != std::sregex_iterator(); ++it)
    options.insert((*it)[2]);
  return options;
}

std::string roffOption(const std::string& option) {
  std::string out;
  for (char c : option) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// Walks `latentecho [path...] --help` down the command tree, checking each level's page section.
void expectDocumented(const std::string& page, std::vector<std::string> path, int& commands) {
  std::vector<std::string> arguments = path;
  arguments.push_back("--help");
  const auto help = runCli(arguments);
  ASSERT_EQ(help.exitCode, 0) << help.err;
  if (!path.empty()) {
    std::string section = ".SS \"latentecho";
    for (const auto& name : path) section += " " + name;
    EXPECT_NE(page.find(section), std::string::npos) << "no section " << section;
    ++commands;
  }
  for (const std::string& option : helpLongOptions(help.out))
    EXPECT_TRUE(page.find(roffOption(option) + "\\fR") != std::string::npos ||
                page.find(roffOption(option) + ", ") != std::string::npos)
        << "latentecho" << (path.empty() ? "" : " " + path.back()) << ": " << option
        << " is in --help but not in the man page";
  for (const std::string& sub : helpSubcommands(help.out)) {
    auto child = path;
    child.push_back(sub);
    expectDocumented(page, child, commands);
  }
}

TEST(ManualPage, DocumentsEveryCommandAndOptionTheHelpLists) {
  const auto manpage = runCli({"--manpage"});
  ASSERT_EQ(manpage.exitCode, 0) << manpage.err;
  const std::string& page = manpage.out;
  EXPECT_EQ(page.rfind(".\\\"", 0), 0u);  // starts with a roff comment
  EXPECT_NE(page.find(".TH LATENTECHO 1"), std::string::npos);
  int commands = 0;
  expectDocumented(page, {}, commands);
  // The top level alone has more than a dozen commands; nested ones (train gan, ...) add more.
  EXPECT_GT(commands, 12);
  for (const char* name : {"enhance", "measure", "simulate", "train gan"})
    EXPECT_NE(page.find(std::string(".SS \"latentecho ") + name), std::string::npos) << name;
}

TEST(ManualPage, EscapesRoffAndLeavesHiddenOptionsOut) {
  CLI::App app{"Tool. With a \\ backslash", "tool"};
  std::string text;
  int number = 3;
  CLI::App* sub = app.add_subcommand("run", ".starts with a dot\n'and a quote");
  sub->add_option("INPUT", text, "The input")->required();
  sub->add_option("--count", number, "How many")->capture_default_str();
  sub->add_option("--secret", text, "Not for users")->group("");
  const std::string page = cli::manualPage(app, "9.9");
  EXPECT_NE(page.find(".SS \"tool run [OPTIONS] INPUT\""), std::string::npos) << page;
  EXPECT_NE(page.find("\\&.starts with a dot\n\\&'and a quote"), std::string::npos) << page;
  EXPECT_NE(page.find("a \\e backslash"), std::string::npos) << page;
  EXPECT_NE(page.find("\\fB\\-\\-count\\fR \\fIINT=3\\fR\nHow many"), std::string::npos) << page;
  EXPECT_NE(page.find("\\fBINPUT\\fR \\fITEXT REQUIRED\\fR"), std::string::npos) << page;
  EXPECT_EQ(page.find("secret"), std::string::npos) << page;
  // -h,--help once, at the top level.
  EXPECT_NE(page.find(".SH OPTIONS\n.TP\n\\fB\\-h, \\-\\-help\\fR"), std::string::npos) << page;
  EXPECT_EQ(page.find("help", page.find(".SH COMMANDS")), std::string::npos) << page;
  EXPECT_NE(page.find("\"tool 9.9\""), std::string::npos) << page;
}

}  // namespace
}  // namespace latentecho
