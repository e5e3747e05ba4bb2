#include "core/Workload.h"

#include "core/Clock.h"
#include "core/Snapshot.h"
#include "core/StageDriver.h"
#include "core/TaskTracker.h"

#include <QTimer>

namespace coroscope {

Workload::Workload(QString name, QString type, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_type(std::move(type))
{}

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
    m_launchNs = nowNs(); // the run's start, give or take microseconds: changes are timed from it
    const auto begin = [this] {
        // The stages' first tick comes before start(), so the workload starts at their first value;
        // the first ramp starts from the value the profile configured (the workload's own key).
        if (const auto key = stageKey(); key && !m_stages.isEmpty())
            m_stageDriver = new StageDriver(this, *key, m_stages, liveValue(*key).value_or(0), this);
        if (m_stopping || m_finished) // stages of 0 s
            return;
        m_started = true;
        start();
    };
    if (m_startAfterMs <= 0) {
        begin();
        return;
    }
    QTimer::singleShot(m_startAfterMs, Qt::PreciseTimer, this, [this, begin] {
        if (m_stopping || m_finished)
            return;
        begin();
    });
}

std::optional<double> Workload::liveValue(LiveKey) const
{
    return std::nullopt;
}

bool Workload::applyLiveChange(LiveKey key, double, QString *error)
{
    *error = tr("%1 cannot change while a %2 workload runs").arg(liveKeyName(key), m_type);
    return false;
}

bool Workload::changeLive(LiveKey key, double value, QString *error)
{
    if (!m_started || m_stopping || m_finished) {
        *error = tr("the workload %1 is not running").arg(m_name);
        return false;
    }
    if (const QList<LiveKey> keys = liveKeys(); !keys.contains(key)) {
        QStringList names;
        for (LiveKey k : keys)
            names << liveKeyName(k);
        *error = names.isEmpty() ? tr("nothing of a %1 workload changes while it runs").arg(m_type)
                                 : tr("%1 cannot change while %2 runs; what can: %3")
                                       .arg(liveKeyName(key), m_name, names.join(QStringLiteral(", ")));
        return false;
    }
    const double before = liveValue(key).value_or(0);
    if (!applyLiveChange(key, value, error))
        return false;
    if (m_stageDriver && m_stageDriver->key() == key)
        m_stageDriver->stop();
    if (m_changes.size() >= kMaxRecordedChanges)
        m_changes.removeFirst();
    m_changes.append(
        LiveChange{double(nowNs() - m_launchNs) / 1e9, m_name, key, before, liveValue(key).value_or(value)});
    return true;
}

void Workload::describeShape(WorkloadSnapshot &out) const
{
    out.changes = m_changes;
    if (const auto key = stageKey()) {
        out.loadKey = liveKeyKey(*key);
        out.loadTarget =
            m_stageDriver && m_stageDriver->isActive() ? m_stageDriver->currentTarget() : liveValue(*key).value_or(-1);
    }
}

void Workload::stopGracefully()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_stageDriver)
        m_stageDriver->stop();
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
    if (m_stageDriver)
        m_stageDriver->stop();
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
    if (m_stageDriver)
        m_stageDriver->stop(); // ended on its own (its requests done): the stages have nothing to drive
    Q_EMIT finished();
}

} // namespace coroscope
