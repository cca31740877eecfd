#include "preferences_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

namespace latentecho::studio {

QString translationResource(const QString& language) {
  QString code = language;
  if (code.isEmpty()) code = QLocale::system().name().left(2);
  if (code == QLatin1String("de") || code == QLatin1String("es"))
    return QStringLiteral(":/i18n/latentecho_%1.qm").arg(code);
  return {};
}

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Preferences"));
  QSettings settings;
  auto* form = new QFormLayout;

  language_ = new QComboBox(this);
  language_->setAccessibleName(tr("Language"));
  language_->addItem(tr("System default"), QString());
  language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
  language_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
  language_->addItem(QStringLiteral("Español"), QStringLiteral("es"));
  language_->setCurrentIndex(
      std::max(0, language_->findData(settings.value(settings_keys::kLanguage).toString())));
  form->addRow(tr("&Language (after restart):"), language_);

  alpha_ = new QDoubleSpinBox(this);
  alpha_->setAccessibleName(tr("Default edit strength α"));
  alpha_->setRange(0.0, 2.0);
  alpha_->setSingleStep(0.05);
  alpha_->setValue(settings.value(settings_keys::kDefaultAlpha, 1.0).toDouble());
  form->addRow(tr("Default &α:"), alpha_);

  auto* folderRow = new QHBoxLayout;
  cacheFolder_ = new QLineEdit(settings.value(settings_keys::kCacheFolder).toString(), this);
  cacheFolder_->setAccessibleName(tr("Cache folder"));
  cacheFolder_->setPlaceholderText(
      QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/pti"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Cache folder"),
                                                             cacheFolder_->text());
    if (!folder.isEmpty()) cacheFolder_->setText(folder);
  });
  folderRow->addWidget(cacheFolder_, 1);
  folderRow->addWidget(browse);
  form->addRow(tr("Tuning &cache folder:"), folderRow);

  cacheLimit_ = new QSpinBox(this);
  cacheLimit_->setAccessibleName(tr("Cache size limit"));
  cacheLimit_->setRange(1, 1024);
  cacheLimit_->setSuffix(tr(" GiB"));
  cacheLimit_->setValue(settings.value(settings_keys::kCacheLimitGb, 10).toInt());
  form->addRow(tr("Cache size &limit:"), cacheLimit_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

bool PreferencesDialog::save() {
  QSettings settings;
  const QString language = language_->currentData().toString();
  const bool languageChanged = language != settings.value(settings_keys::kLanguage).toString();
  settings.setValue(settings_keys::kLanguage, language);
  settings.setValue(settings_keys::kDefaultAlpha, alpha_->value());
  settings.setValue(settings_keys::kCacheFolder, cacheFolder_->text().trimmed());
  settings.setValue(settings_keys::kCacheLimitGb, cacheLimit_->value());
  return languageChanged;
}

}  // namespace latentecho::studio
