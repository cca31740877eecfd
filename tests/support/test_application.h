#pragma once
// The Qt application object of a studio test executable, made once per process, with QSettings in
// a folder of its own. ctest runs the tests of one executable as parallel processes; with the
// shared ~/.config file one test's settings (say 100000 PTI steps, another cache folder) leak into
// the window another test has just opened.
#include <QCoreApplication>
#include <QSettings>
#include <QString>

#include "temp_dir.h"

namespace latentecho::testing {

// App is QApplication for tests that show widgets, QCoreApplication otherwise. `name` names the
// test executable (argv[0]) and the settings file.
template <typename App>
void startTestApplication(const char* name) {
  static TempDir settingsFolder;  // removed when the process ends
  if (QCoreApplication::instance()) return;
  static int argc = 1;
  static std::string program = name;
  static char* argv[] = {program.data(), nullptr};
  new App(argc, argv);
  const QString folder = QString::fromStdString(settingsFolder.path().string());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
  QCoreApplication::setOrganizationName("LatentEchoTests");
  QCoreApplication::setApplicationName(name);
}

}  // namespace latentecho::testing
