#pragma once

#include <QList>
#include <QRandomGenerator>

namespace coroscope {

// A value distribution from a profile: fixed, list (task i takes element i mod n), uniform,
// exponential. Values are in the unit of the key that holds it (milliseconds for `delayMs`).
class Distribution
{
public:
    enum class Kind { Fixed, List, Uniform, Exponential };

    static Distribution fixed(double v);
    static Distribution list(QList<double> values);
    static Distribution uniform(double min, double max);
    static Distribution exponential(double mean);

    Kind kind() const { return m_kind; }
    double sample(quint64 index, QRandomGenerator &rng) const;
    double mean() const;

private:
    Kind m_kind = Kind::Fixed;
    double m_a = 0;
    double m_b = 0;
    QList<double> m_values;
};

} // namespace coroscope
