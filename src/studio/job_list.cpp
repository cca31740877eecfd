#include "job_list.h"

#include <QEvent>
#include <QHeaderView>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "job_manager.h"

namespace latentecho::studio {

namespace {
enum Column { kTitle, kProgress, kState, kCancel };
}

JobList::JobList(JobManager* jobs, QWidget* parent) : QWidget(parent), jobs_(jobs) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  tree_ = new QTreeWidget(this);
  tree_->setRootIsDecorated(false);
  tree_->setColumnCount(4);
  retranslateUi();
  // The title gives way (elided) before the progress bar does, in a narrow dock.
  tree_->header()->setSectionResizeMode(kTitle, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(kProgress, QHeaderView::Fixed);
  tree_->header()->resizeSection(kProgress,
                                 fontMetrics().horizontalAdvance(QStringLiteral("100%")) + 40);
  tree_->header()->setSectionResizeMode(kState, QHeaderView::ResizeToContents);
  tree_->header()->setSectionResizeMode(kCancel, QHeaderView::ResizeToContents);
  tree_->header()->setStretchLastSection(false);
  layout->addWidget(tree_);
  for (int id : jobs_->jobs()) addRow(id);
  connect(jobs_, &JobManager::jobAdded, this, &JobList::addRow);
  connect(jobs_, &JobManager::jobChanged, this, &JobList::updateRow);
}

void JobList::retranslateUi() {
  tree_->setAccessibleName(tr("Jobs"));
  tree_->setHeaderLabels({tr("Job"), tr("Progress"), tr("State"), QString()});
  for (const auto& [id, item] : rows_) {
    if (auto* bar = tree_->itemWidget(item, kProgress)) bar->setAccessibleName(tr("Job progress"));
    if (auto* cancel = static_cast<QPushButton*>(tree_->itemWidget(item, kCancel))) {
      cancel->setText(tr("Cancel"));
      cancel->setAccessibleName(tr("Cancel job"));
    }
    updateRow(id);
  }
}

void JobList::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void JobList::addRow(int id) {
  auto* item = new QTreeWidgetItem(tree_);
  rows_[id] = item;
  auto* bar = new QProgressBar(tree_);
  bar->setRange(0, 1000);
  bar->setAccessibleName(tr("Job progress"));
  tree_->setItemWidget(item, kProgress, bar);
  auto* cancel = new QPushButton(tr("Cancel"), tree_);
  cancel->setAccessibleName(tr("Cancel job"));
  connect(cancel, &QPushButton::clicked, this, [this, id] { jobs_->cancel(id); });
  tree_->setItemWidget(item, kCancel, cancel);
  tree_->scrollToItem(item);
  updateRow(id);
}

void JobList::updateRow(int id) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return;
  const JobManager::Status status = jobs_->status(id);
  QTreeWidgetItem* item = it->second;
  item->setText(kTitle, status.title);
  auto* bar = static_cast<QProgressBar*>(tree_->itemWidget(item, kProgress));
  bar->setValue(static_cast<int>(status.fraction * 1000.0));
  // The stage can be long ("PTI step 4/40, loss 0.80"): on hover, the bar keeps to the share done.
  bar->setFormat(QStringLiteral("%p%"));
  bar->setToolTip(status.stage);
  item->setToolTip(kTitle, status.stage.isEmpty()
                               ? status.title
                               : status.title + QStringLiteral("\n") + status.stage);
  QString state;
  switch (status.state) {
    case JobManager::State::Running:
      state =
          status.secondsLeft >= 0 ? JobManager::timeLeftText(status.secondsLeft) : tr("running");
      break;
    case JobManager::State::Finished:
      state = tr("done");
      break;
    case JobManager::State::Failed:
      state = tr("failed");
      break;
    case JobManager::State::Cancelled:
      state = tr("cancelled");
      break;
  }
  item->setText(kState, state);
  item->setToolTip(kState, status.error);
  if (auto* cancel = tree_->itemWidget(item, kCancel))
    cancel->setEnabled(status.state == JobManager::State::Running);
}

}  // namespace latentecho::studio
