#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "latentecho/core/runtime.h"
#include "main_window.h"
#include "preferences_dialog.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("LatentEcho");
  QApplication::setApplicationName("LatentEcho Studio");
  QApplication::setApplicationVersion(LATENTECHO_VERSION);
  latentecho::initRuntime();

  // The language chosen in Preferences, else the system's; English needs no translator.
  latentecho::studio::applyLanguage(
      QSettings().value(latentecho::studio::settings_keys::kLanguage).toString());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QApplication::translate("main", "LatentEcho Studio: echocardiogram enhancement"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(
      "clip", QApplication::translate("main", "Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)"));
  parser.process(app);

  latentecho::studio::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty())
    window.openClip(parser.positionalArguments().first());
  return app.exec();
}
