#include <QApplication>
#include <QCommandLineParser>

#include "latentecho/core/runtime.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("LatentEcho");
  QApplication::setApplicationName("LatentEcho Studio");
  QApplication::setApplicationVersion(LATENTECHO_VERSION);
  latentecho::initRuntime();

  QCommandLineParser parser;
  parser.setApplicationDescription("LatentEcho Studio: echocardiogram enhancement");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("clip", "Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)");
  parser.process(app);

  latentecho::studio::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty()) window.openClip(parser.positionalArguments().first());
  return app.exec();
}
