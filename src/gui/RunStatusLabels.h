#pragma once

#include "core/Snapshot.h"

#include <QObject>

class QLabel;
class QStatusBar;

namespace coroscope {

// The run's figures in the status bar: tasks that ended (cancelled ones included), and the event
// loop's lag, turned into a warning when the generator itself is the bottleneck.
class RunStatusLabels : public QObject
{
    Q_OBJECT
public:
    explicit RunStatusLabels(QStatusBar *bar);

    void show(const Snapshot &s, double recentLagMs);
    // No run: nothing of an earlier one stays.
    void clear();
    QString tasksText() const;
    QString lagText() const;
    bool isLagging() const;

private:
    QLabel *m_tasks;
    QLabel *m_lag;
};

} // namespace coroscope
