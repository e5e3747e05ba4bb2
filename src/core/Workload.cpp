#include "core/Workload.h"

#include "core/Snapshot.h"
#include "core/TaskTracker.h"

#include <QTimer>

namespace coroscope {

Workload::Workload(QString name, QString type, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_type(std::move(type))
{
}

void Workload::attach(TaskTracker *tracker, LoopScheduler *scheduler, int index)
{
    m_tracker = tracker;
    m_scheduler = scheduler;
    m_index = index;
}

bool Workload::prepare(QString *)
{
    return true;
}

void Workload::describe(WorkloadSnapshot &) const {}

void Workload::launch()
{
    if (m_startAfterMs <= 0) {
        m_started = true;
        start();
        return;
    }
    QTimer::singleShot(m_startAfterMs, Qt::PreciseTimer, this, [this] {
        if (m_stopping || m_finished)
            return;
        m_started = true;
        start();
    });
}

void Workload::stopGracefully()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (!m_started) {
        markFinished(); // stopped before its delayed start: nothing ran
        return;
    }
    m_tracker->cancelWorkload(m_index, /*pendingOnly=*/true);
    onStopping();
}

void Workload::cancelAll()
{
    m_stopping = true;
    if (!m_started) {
        markFinished();
        return;
    }
    m_tracker->cancelWorkload(m_index, /*pendingOnly=*/false);
    onCancelAll();
}

void Workload::markFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace coroscope
