#pragma once
// Edit ▸ Preferences: language (applied at once), the α a new session starts with, the latent
// edit's tuning (PTI steps, frames of a clip to enhance), the PTI cache folder and its size limit.
// Values live in QSettings under the keys below, read where they are used.
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QPushButton;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace latentecho::studio {

namespace settings_keys {
inline constexpr char kLanguage[] = "ui/language";               // "" (system), "en", "de", "es"
inline constexpr char kDefaultAlpha[] = "enhance/defaultAlpha";  // double, 0..2
inline constexpr char kCacheFolder[] = "cache/folder";           // "" = the standard cache location
inline constexpr char kCacheLimitGb[] = "cache/limitGb";         // int, GiB
inline constexpr char kPtiSteps[] = "latent/ptiSteps";           // int, PTI updates per clip
inline constexpr char kFrames[] = "latent/frames";               // int, frames enhanced (0 = all)
// The latent edit's models (Tools menu); "" = the bundled default.
inline constexpr char kGeneratorFolder[] = "latent/generator";
inline constexpr char kEncoderFolder[] = "latent/encoder";
inline constexpr char kDirectionFile[] = "latent/direction";
// The quality classifier for the α sweep's P_hq curve (Tools menu); "" = the bundled default.
inline constexpr char kQualityModelFolder[] = "measure/qualityModel";
inline constexpr int kDefaultPtiSteps = 50;
inline constexpr int kDefaultFrames = 32;
inline constexpr int kDefaultCacheLimitGb = 10;  // = kDefaultPtiCacheLimitBytes (pti_cache.h)
}  // namespace settings_keys

// Installs the translation for `language` ("" = the system's; "en" = none) in place of the one
// installed before; Qt then posts every window a LanguageChange event (delivered by the event loop,
// retranslating each widget). False when the translation could not be loaded (English stays).
bool applyLanguage(const QString& language);

// The translation to load for `language` ("" = the system's): e.g. ":/i18n/latentecho_de.qm", or
// empty when English (the source language) applies.
QString translationResource(const QString& language);

class PreferencesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PreferencesDialog(QWidget* parent = nullptr);
  // Writes the values to QSettings and applies a changed language at once; true when the
  // language changed.
  bool save();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  QFormLayout* form_;
  QComboBox* language_;
  QDoubleSpinBox* alpha_;
  QLineEdit* cacheFolder_;
  QSpinBox* cacheLimit_;
  QSpinBox* ptiSteps_;
  QSpinBox* frames_;
  QPushButton* browse_;
  QDialogButtonBox* buttons_;
};

}  // namespace latentecho::studio
