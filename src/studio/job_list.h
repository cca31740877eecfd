#pragma once
// The Jobs panel: one row per job with its title, a progress bar with the current stage, its state
// and a Cancel button while it runs.
#include <QWidget>
#include <map>

class QTreeWidget;
class QTreeWidgetItem;

namespace latentecho::studio {

class JobManager;

class JobList : public QWidget {
  Q_OBJECT
 public:
  explicit JobList(JobManager* jobs, QWidget* parent = nullptr);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void addRow(int id);
  void updateRow(int id);

  JobManager* jobs_;
  QTreeWidget* tree_;
  std::map<int, QTreeWidgetItem*> rows_;
};

}  // namespace latentecho::studio
