#pragma once

#include <QtGlobal>

#include <limits>

namespace coroscope {

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

private:
    double m_rate;
    qint64 m_epochNs = 0;
    quint64 m_epochIndex = 0;
    quint64 m_next = 0;
    bool m_started = false;
};

} // namespace coroscope
