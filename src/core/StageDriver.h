#pragma once

#include "core/LiveKey.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace coroscope {

class Workload;

// Drives a workload's stages: every tick it computes the linear ramp's value and applies it through
// Workload::applyLiveChange, the same path as a user's live change. The first ramp starts from
// `from` (the value the profile configured). When the last stage ends, the workload stops
// gracefully, as a k6 scenario ends with its stages.
class StageDriver : public QObject
{
    Q_OBJECT
public:
    // Ticks well inside the smallest snapshot interval (10 ms is the profile's minimum; 100 ms the
    // default), so a target is in effect within one snapshot interval.
    static constexpr int kTickMs = 20;

    StageDriver(Workload *workload, LiveKey key, LoadStages stages, double from, QObject *parent = nullptr);

    LiveKey key() const { return m_key; }
    bool isActive() const { return m_active; }
    double currentTarget() const { return m_current; }
    // The ramp's value `seconds` after the stages began (the last target once they are over).
    static double targetAt(const LoadStages &stages, double from, double seconds);
    static double totalSeconds(const LoadStages &stages);
    // No more ticks (the user took over, or the workload stops).
    void stop();

private:
    void tick();

    Workload *m_workload;
    LiveKey m_key;
    LoadStages m_stages;
    double m_from;
    double m_current;
    double m_applied = -1;
    bool m_active = true;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace coroscope
