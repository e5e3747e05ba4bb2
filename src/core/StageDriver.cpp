#include "core/StageDriver.h"

#include "core/Workload.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStages, "coroscope.stages")

namespace coroscope {

StageDriver::StageDriver(Workload *workload, LiveKey key, LoadStages stages, double from, QObject *parent)
    : QObject(parent), m_workload(workload), m_key(key), m_stages(std::move(stages)), m_from(from), m_current(from)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &StageDriver::tick);
    m_clock.start();
    m_timer.start();
    tick(); // a first stage of 0 s sets its target at once
}

double StageDriver::totalSeconds(const LoadStages &stages)
{
    double total = 0;
    for (const LoadStage &s : stages)
        total += s.durationSeconds;
    return total;
}

double StageDriver::targetAt(const LoadStages &stages, double from, double seconds)
{
    double begin = 0;
    double previous = from;
    for (const LoadStage &s : stages) {
        if (seconds < begin + s.durationSeconds) {
            const double f = s.durationSeconds > 0 ? (seconds - begin) / s.durationSeconds : 1.0;
            return previous + (s.target - previous) * std::clamp(f, 0.0, 1.0);
        }
        begin += s.durationSeconds;
        previous = s.target;
    }
    return previous;
}

void StageDriver::stop()
{
    m_active = false;
    m_timer.stop();
}

void StageDriver::tick()
{
    if (!m_active)
        return;
    const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
    m_current = targetAt(m_stages, m_from, seconds);
    if (m_current != m_applied) {
        QString error;
        if (!m_workload->applyLiveChange(m_key, m_current, &error))
            qCWarning(lcStages) << m_workload->name() << "stage target" << m_current << "refused:" << error;
        m_applied = m_current;
    }
    if (seconds >= totalSeconds(m_stages)) {
        stop();
        m_workload->stopGracefully();
    }
}

} // namespace coroscope
