#include "core/Distribution.h"

#include <cmath>

namespace coroscope {

Distribution Distribution::fixed(double v)
{
    Distribution d;
    d.m_kind = Kind::Fixed;
    d.m_a = v;
    return d;
}

Distribution Distribution::list(QList<double> values)
{
    Q_ASSERT(!values.isEmpty());
    Distribution d;
    d.m_kind = Kind::List;
    d.m_values = std::move(values);
    return d;
}

Distribution Distribution::uniform(double min, double max)
{
    Distribution d;
    d.m_kind = Kind::Uniform;
    d.m_a = min;
    d.m_b = max;
    return d;
}

Distribution Distribution::exponential(double mean)
{
    Distribution d;
    d.m_kind = Kind::Exponential;
    d.m_a = mean;
    return d;
}

double Distribution::sample(quint64 index, QRandomGenerator &rng) const
{
    switch (m_kind) {
    case Kind::Fixed:
        return m_a;
    case Kind::List:
        return m_values[qsizetype(index % quint64(m_values.size()))];
    case Kind::Uniform:
        return m_a + (m_b - m_a) * rng.generateDouble();
    case Kind::Exponential:
        return -m_a * std::log(1.0 - rng.generateDouble());
    }
    return 0;
}

double Distribution::mean() const
{
    switch (m_kind) {
    case Kind::Fixed:
        return m_a;
    case Kind::List: {
        double s = 0;
        for (double v : m_values)
            s += v;
        return s / double(m_values.size());
    }
    case Kind::Uniform:
        return (m_a + m_b) / 2;
    case Kind::Exponential:
        return m_a;
    }
    return 0;
}

} // namespace coroscope
