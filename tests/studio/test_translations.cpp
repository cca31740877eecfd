// The German and Spanish translations: compiled into the studio, complete, and loadable the way the
// studio's main loads them.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QTranslator>
#include <QXmlStreamReader>

#include "preferences_dialog.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

class TranslationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QCoreApplication>("test_translations");
  }
};

TEST_F(TranslationsTest, EmbeddedTranslationsLoadAndTranslateTheMenus) {
  QTranslator german;
  ASSERT_TRUE(german.load(translationResource("de")));
  EXPECT_EQ(german.translate("latentecho::studio::MainWindow", "&File"), "&Datei");
  QTranslator spanish;
  ASSERT_TRUE(spanish.load(translationResource("es")));
  EXPECT_EQ(spanish.translate("latentecho::studio::MainWindow", "&File"), "&Archivo");
  EXPECT_TRUE(translationResource("en").isEmpty());  // the source language
}

// Every message in every .ts file has a finished translation.
TEST_F(TranslationsTest, EveryMessageIsTranslated) {
  for (const char* language : {"de", "es"}) {
    QFile file(QStringLiteral(LATENTECHO_SOURCE_DIR "/translations/latentecho_%1.ts").arg(language));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString source;
    while (!xml.atEnd()) {
      if (xml.readNext() != QXmlStreamReader::StartElement) continue;
      if (xml.name() == QLatin1String("source")) {
        source = xml.readElementText();
        ++messages;
      } else if (xml.name() == QLatin1String("translation")) {
        const bool unfinished = xml.attributes().value("type") == QLatin1String("unfinished");
        const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
        EXPECT_FALSE(unfinished || text.trimmed().isEmpty())
            << language << ": untranslated: " << source.toStdString();
      }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_GT(messages, 50) << language;
  }
}

}  // namespace
}  // namespace latentecho::studio
