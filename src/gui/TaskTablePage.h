#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QSplitter;
class QTableView;
class QTextBrowser;

namespace Ui {
class TaskTablePage;
}

namespace coroscope {

class Run;
class TaskTableModel;

// The task table: every in-flight task and the recently finished ones of the current run, filtered by
// state, workload and text, with the selected task's details below and a way to cancel tasks.
class TaskTablePage : public QWidget
{
    Q_OBJECT
public:
    explicit TaskTablePage(QWidget *parent = nullptr);
    ~TaskTablePage() override;

    // Empties the table and lists the run's workloads; nullptr when there is no run.
    void setRun(coroscope::Run *run);
    // Rebuilds the table from the run, or only notes that it is stale while the page is hidden.
    void refresh();
    // Cancels every selected pending or running task.
    void cancelSelected();

    TaskTableModel *model() const { return m_model; }
    QTableView *view() const;
    QComboBox *stateFilter() const;
    QComboBox *workloadFilter() const;
    QLineEdit *searchEdit() const;
    QTextBrowser *detailsView() const;
    QLabel *countLabel() const;
    QSpinBox *recentCapacitySpin() const;
    // How many finished tasks a run keeps for the table (a setting; the next run uses it).
    int recentCapacity() const;
    QSplitter *splitter() const;
    QAction *cancelAction() const { return m_cancelAction; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void fillWorkloads();
    void onRefreshed();
    QString finishedNote() const;
    void updateDetails();
    void updateCancelAction();

    std::unique_ptr<Ui::TaskTablePage> ui;
    TaskTableModel *m_model;
    QAction *m_cancelAction;
    QPointer<Run> m_run;
    QTimer m_searchTimer;
    QString m_detailsHtml;
    bool m_stale = false;
};

} // namespace coroscope
