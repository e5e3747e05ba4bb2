#pragma once

#include "core/LatencyHistogram.h"
#include "core/Snapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace coroscope {

// A precise heartbeat: how late each tick arrives is how long the loop was busy elsewhere.
class LoopLagProbe : public QObject
{
    Q_OBJECT
public:
    explicit LoopLagProbe(int intervalMs = 10, QObject *parent = nullptr);

    void start();
    void stop();
    // Whole-run percentiles, plus the worst lag since the previous call.
    LoopLagSummary takeSummary();
    const LatencyHistogram &histogram() const { return m_lag; }

private:
    void tick();

    QTimer m_timer{this};
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_intervalNs;
    qint64 m_recentMaxNs = 0;
    LatencyHistogram m_lag;
};

} // namespace coroscope
