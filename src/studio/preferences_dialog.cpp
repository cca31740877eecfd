#include "preferences_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTranslator>

#include "latent_renderer.h"

namespace latentecho::studio {

QString translationResource(const QString& language) {
  QString code = language;
  if (code.isEmpty()) code = QLocale::system().name().left(2);
  if (code == QLatin1String("de") || code == QLatin1String("es"))
    return QStringLiteral(":/i18n/latentecho_%1.qm").arg(code);
  return {};
}

bool applyLanguage(const QString& language) {
  // One translator for the whole application, replaced when the language changes.
  static QTranslator* installed = nullptr;
  if (installed) {
    QApplication::removeTranslator(installed);
    delete installed;
    installed = nullptr;
  }
  const QString resource = translationResource(language);
  if (resource.isEmpty()) {
    // No translator to install: tell the windows as installing one would (they pass it on to
    // their children), so that they show the source (English) texts again.
    for (QWidget* window : QApplication::topLevelWidgets())
      QApplication::postEvent(window, new QEvent(QEvent::LanguageChange));
    return true;
  }
  auto* translator = new QTranslator(qApp);
  if (!translator->load(resource)) {
    delete translator;
    return false;
  }
  QApplication::installTranslator(translator);  // sends LanguageChange to every widget
  installed = translator;
  return true;
}

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent) {
  QSettings settings;
  form_ = new QFormLayout;

  language_ = new QComboBox(this);
  language_->addItem(QString(), QString());
  language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
  language_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
  language_->addItem(QStringLiteral("Español"), QStringLiteral("es"));
  language_->setCurrentIndex(
      std::max(0, language_->findData(settings.value(settings_keys::kLanguage).toString())));
  form_->addRow(QString(), language_);

  alpha_ = new QDoubleSpinBox(this);
  alpha_->setRange(0.0, 2.0);
  alpha_->setSingleStep(0.05);
  alpha_->setValue(settings.value(settings_keys::kDefaultAlpha, 1.0).toDouble());
  form_->addRow(QString(), alpha_);

  frames_ = new QSpinBox(this);
  frames_->setRange(0, 10000);
  frames_->setValue(settings.value(settings_keys::kFrames, settings_keys::kDefaultFrames).toInt());
  form_->addRow(QString(), frames_);

  ptiSteps_ = new QSpinBox(this);
  ptiSteps_->setRange(0, 100000);
  ptiSteps_->setSingleStep(10);
  ptiSteps_->setValue(
      settings.value(settings_keys::kPtiSteps, settings_keys::kDefaultPtiSteps).toInt());
  form_->addRow(QString(), ptiSteps_);

  auto* folderRow = new QHBoxLayout;
  cacheFolder_ = new QLineEdit(settings.value(settings_keys::kCacheFolder).toString(), this);
  // The command line's cache: an entry `latentecho tune` wrote is reused here and back.
  cacheFolder_->setPlaceholderText(defaultTuningCacheFolder());
  browse_ = new QPushButton(this);
  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Cache folder"), cacheFolder_->text());
    if (!folder.isEmpty()) cacheFolder_->setText(folder);
  });
  folderRow->addWidget(cacheFolder_, 1);
  folderRow->addWidget(browse_);
  form_->addRow(QString(), folderRow);

  cacheLimit_ = new QSpinBox(this);
  cacheLimit_->setRange(1, 1024);
  cacheLimit_->setValue(
      settings.value(settings_keys::kCacheLimitGb, settings_keys::kDefaultCacheLimitGb).toInt());
  form_->addRow(QString(), cacheLimit_);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form_);
  layout->addWidget(buttons_);
  retranslateUi();
}

void PreferencesDialog::retranslateUi() {
  setWindowTitle(tr("Preferences"));
  const auto label = [this](QWidget* field, const QString& text) {
    if (auto* l = qobject_cast<QLabel*>(form_->labelForField(field))) l->setText(text);
  };
  language_->setAccessibleName(tr("Language"));
  language_->setItemText(0, tr("System default"));
  label(language_, tr("&Language:"));
  alpha_->setAccessibleName(tr("Default edit strength α"));
  label(alpha_, tr("Default &α:"));
  frames_->setAccessibleName(tr("Frames to enhance"));
  frames_->setSpecialValueText(tr("all"));
  frames_->setToolTip(
      tr("How many frames of a clip are shown, tuned and enhanced, from its "
         "first frame. Fewer frames tune faster. Applies to clips opened next."));
  label(frames_, tr("&Frames to enhance:"));
  ptiSteps_->setAccessibleName(tr("Tuning steps"));
  ptiSteps_->setToolTip(
      tr("Pivotal tuning updates per clip (each one minibatch of 8 frames). "
         "More steps reconstruct the clip more faithfully and take longer."));
  label(ptiSteps_, tr("&Tuning steps:"));
  cacheFolder_->setAccessibleName(tr("Cache folder"));
  browse_->setText(tr("Browse…"));
  browse_->setAccessibleName(tr("Choose the cache folder"));
  if (auto* l = qobject_cast<QLabel*>(form_->itemAt(4, QFormLayout::LabelRole)
                                          ? form_->itemAt(4, QFormLayout::LabelRole)->widget()
                                          : nullptr)) {
    l->setText(tr("Tuning &cache folder:"));
    l->setBuddy(cacheFolder_);
  }
  cacheLimit_->setAccessibleName(tr("Cache size limit"));
  cacheLimit_->setSuffix(tr(" GiB"));
  label(cacheLimit_, tr("Cache size &limit:"));
}

void PreferencesDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDialog::changeEvent(event);
}

bool PreferencesDialog::save() {
  QSettings settings;
  const QString language = language_->currentData().toString();
  const bool languageChanged = language != settings.value(settings_keys::kLanguage).toString();
  settings.setValue(settings_keys::kLanguage, language);
  settings.setValue(settings_keys::kDefaultAlpha, alpha_->value());
  settings.setValue(settings_keys::kCacheFolder, cacheFolder_->text().trimmed());
  settings.setValue(settings_keys::kCacheLimitGb, cacheLimit_->value());
  settings.setValue(settings_keys::kPtiSteps, ptiSteps_->value());
  settings.setValue(settings_keys::kFrames, frames_->value());
  if (languageChanged) applyLanguage(language);
  return languageChanged;
}

}  // namespace latentecho::studio
