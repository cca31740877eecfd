// `latentecho import FORMAT IN --out DIR`: third-party checkpoints (torch.save files) into model
// folders. Each format is one entry of kImporters.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"

namespace latentecho::cli {
namespace {

struct ImportOptions {
  std::string format;
  std::string in;
  std::string out;
  std::string convClamp = "256";
  bool half = false;
  std::vector<double> mean, std;  // echonet-ef: the training set's normalisation
};

std::optional<double> parseConvClamp(const std::string& text) {
  if (text == "none") return std::nullopt;
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  throw Error("--conv-clamp: expected a non-negative number or 'none', got '" + text + "'");
}

void importStyleGan2(const ImportOptions& options, Session& session) {
  const Progress progress = session.progress();
  const std::optional<double> convClamp = parseConvClamp(options.convClamp);
  progress.report(0.0, "reading " + options.in);
  const TensorMap stateDict = readStyleGan2StateDict(options.in);
  progress.report(0.3, "checking tensors");
  const StyleGan2GeneratorConfig config =
      inferStyleGan2GeneratorConfig(stateDict, options.in, convClamp);
  StyleGan2Generator generator = styleGan2GeneratorFromTensors(config, stateDict, options.in);
  progress.report(0.6, "writing " + options.out);

  std::string command = "latentecho import stylegan2-ada-pytorch " + options.in + " --out " +
                        options.out + " --conv-clamp " + options.convClamp;
  if (options.half) command += " --half";
  const nlohmann::json provenance = {
      {"source", "imported"},
      {"format", "stylegan2-ada-pytorch"},
      {"file", std::filesystem::absolute(options.in).string()},
      {"command", command},
      {"note",
       "official stylegan2-ada-pytorch Generator state dict; architecture inferred from tensor "
       "names and shapes; conv_clamp given on the command line (not stored in weights)"}};
  saveStyleGan2Generator(options.out, *generator, provenance,
                         options.half ? at::kHalf : at::kFloat);
  progress.report(1.0, "done");

  nlohmann::json& result = session.result;
  result["format"] = "stylegan2-ada-pytorch";
  result["in"] = options.in;
  result["model"] = options.out;
  result["kind"] = kStyleGan2GeneratorKind;
  result["config"] = styleGan2GeneratorConfigToJson(config);
  result["tensors"] = stateDict.size();
  session.say("Imported a " + std::to_string(config.resolution) + "x" +
              std::to_string(config.resolution) + " StyleGAN2 generator (" +
              std::to_string(config.numWs()) + " x " + std::to_string(config.wDim) +
              " W+) into " + options.out);
}

struct Importer {
  const char* format;
  std::function<void(const ImportOptions&, Session&)> run;
};

const std::vector<Importer>& importers() {
  static const std::vector<Importer> list{
      {"stylegan2-ada-pytorch", importStyleGan2},
      {"e4e", [](const ImportOptions& o, Session& s) { importE4eModel(o.in, o.out, o.half, s); }},
      {"echonet-segmenter",
       [](const ImportOptions& o, Session& s) {
         importEchoNetSegmenterModel(o.in, o.out, o.half, s);
       }},
      {"echonet-ef", [](const ImportOptions& o, Session& s) {
         importEchoNetEfModel(o.in, o.out, o.half, o.mean, o.std, s);
       }}};
  return list;
}

}  // namespace

void addImportCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd =
      app.add_subcommand("import", "Convert a third-party checkpoint into a model folder");
  std::vector<std::string> formats;
  for (const Importer& importer : importers()) formats.emplace_back(importer.format);
  cmd->add_option("FORMAT", options->format, "Checkpoint format")
      ->required()
      ->check(CLI::IsMember(formats));
  cmd->add_option("IN", options->in, "The torch.save file (a state dict)")->required();
  cmd->add_option("--out", options->out, "Model folder to write")->required();
  cmd->add_option("--conv-clamp", options->convClamp,
                  "stylegan2-ada-pytorch: the generator's conv_clamp, which the weights do not "
                  "record (official training configs: 256; 'none' = no clamping)")
      ->capture_default_str();
  cmd->add_option("--mean", options->mean,
                  "echonet-ef: the training set's grey mean (one, or one per channel, comma-"
                  "separated); default: each clip's own")
      ->delimiter(',');
  cmd->add_option("--std", options->std, "echonet-ef: the training set's grey std, as --mean")
      ->delimiter(',');
  cmd->add_flag("--half", options->half, "Store the weights as float16 (half the size)");
  cmd->callback([options, &session] {
    session.action = [options, &session] {
      const auto start = std::chrono::steady_clock::now();
      for (const Importer& importer : importers())
        if (options->format == importer.format) importer.run(*options, session);
      session.result["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  });
}

}  // namespace latentecho::cli
