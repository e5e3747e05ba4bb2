#pragma once

#include "core/CoroutineFwd.h"

#include <QtGlobal>

#include <limits>

namespace coroscope {

class CancellationToken;
class LoopScheduler;

// The open model's schedule: when each next request is due at a rate that may change while it
// runs. A change re-anchors the schedule at the next request, so the new rate holds from now on
// while a backlog (requests already due) is still sent at once, as before the change.
class RatePacer
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    explicit RatePacer(double ratePerSecond = 0) : m_rate(ratePerSecond) {}

    void start(qint64 nowNs);
    double rate() const { return m_rate; }
    void setRate(double ratePerSecond, qint64 nowNs);
    // When the next request is due (kNever at rate 0); take() moves on to the one after.
    qint64 nextDueNs() const;
    void take() { ++m_next; }
    quint64 taken() const { return m_next; }
    // Waits until the next request is due, re-reading the schedule at least every kRepaceNs so a new
    // rate (even from 0) is in effect within a fraction of a snapshot interval. Returns the due
    // time, or 0 when `token` was cancelled meanwhile; take() is the caller's.
    static constexpr qint64 kRepaceNs = 20'000'000;
    static QCoro::Task<qint64> waitUntilDue(RatePacer *pacer, LoopScheduler &scheduler, CancellationToken *token);

private:
    double m_rate;
    qint64 m_epochNs = 0;
    quint64 m_epochIndex = 0;
    quint64 m_next = 0;
    bool m_started = false;
};

} // namespace coroscope
