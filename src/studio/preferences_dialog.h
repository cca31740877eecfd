#pragma once
// Edit ▸ Preferences: language, the α a new session starts with, the PTI cache folder and its size
// limit. Values live in QSettings under the keys below, read where they are used.
#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace latentecho::studio {

namespace settings_keys {
inline constexpr char kLanguage[] = "ui/language";            // "" (system), "en", "de", "es"
inline constexpr char kDefaultAlpha[] = "enhance/defaultAlpha";  // double, 0..2
inline constexpr char kCacheFolder[] = "cache/folder";          // "" = the standard cache location
inline constexpr char kCacheLimitGb[] = "cache/limitGb";        // int, GiB
}  // namespace settings_keys

// The translation to load for `language` ("" = the system's): e.g. ":/i18n/latentecho_de.qm", or
// empty when English (the source language) applies.
QString translationResource(const QString& language);

class PreferencesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PreferencesDialog(QWidget* parent = nullptr);
  // Writes the values to QSettings; true when the language changed (it applies on restart).
  bool save();

 private:
  QComboBox* language_;
  QDoubleSpinBox* alpha_;
  QLineEdit* cacheFolder_;
  QSpinBox* cacheLimit_;
};

}  // namespace latentecho::studio
