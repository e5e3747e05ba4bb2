#pragma once

#include "core/LiveKey.h"
#include "core/Snapshot.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace coroscope {

class Run;

// The overview's live control: while a run goes on, a workload, one of the keys it can change
// (rate, concurrency, connections), a new value and Apply; the change goes through Run::changeLive
// and is in effect within one snapshot interval.
class LiveChangeBar : public QWidget
{
    Q_OBJECT
public:
    explicit LiveChangeBar(QWidget *parent = nullptr);

    // The run to change (nullptr: none, the bar is disabled); fills the workloads that have live keys.
    void setRun(Run *run);
    // Keeps the shown current value up to date.
    void offer(const Snapshot &s);

    QComboBox *workloadBox() const { return m_workload; }
    QComboBox *keyBox() const { return m_key; }
    QDoubleSpinBox *valueBox() const { return m_value; }
    QPushButton *applyButton() const { return m_apply; }
    QLabel *statusLabel() const { return m_status; }

private:
    void fillKeys();
    void apply();

    Run *m_run = nullptr;
    QComboBox *m_workload;
    QComboBox *m_key;
    QDoubleSpinBox *m_value;
    QPushButton *m_apply;
    QLabel *m_status;
    SnapshotPtr m_lastShown;
    bool m_valueEdited = false;
};

} // namespace coroscope
