#include "gui/TimeSeriesChart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace coroscope {

TimeSeriesChart::TimeSeriesChart(const QString &title, const QString &unit, const QStringList &seriesNames,
                                 int capacity, QWidget *parent)
    // The chart goes to the constructor: setChart() would orphan the default chart the view makes.
    : QChartView(new QChart, parent), m_x(new QValueAxis), m_y(new QValueAxis), m_capacity(std::max(2, capacity))
{
    QChart *chart = this->chart();
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setVisible(seriesNames.size() > 1);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    // Titles carry the units; axes keep only numbers, so small charts still have room for them.
    chart->setTitle(QStringLiteral("%1 (%2)").arg(title, unit));
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.4g"));
    m_y->setTickCount(4);
    for (const QString &name : seriesNames) {
        auto *s = new QLineSeries;
        s->setName(name);
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        m_series.push_back(s);
    }
    m_rings.resize(m_series.size());
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    refresh();
}

void TimeSeriesChart::append(double seconds, const QList<double> &values)
{
    for (size_t i = 0; i < m_rings.size() && qsizetype(i) < values.size(); ++i) {
        auto &ring = m_rings[i];
        if (int(ring.size()) == m_capacity)
            ring.pop_front();
        ring.emplace_back(seconds, values[qsizetype(i)]);
    }
}

void TimeSeriesChart::clear()
{
    for (auto &ring : m_rings)
        ring.clear();
    refresh();
}

void TimeSeriesChart::refresh()
{
    double minX = 0, maxX = 10, maxY = 0;
    bool any = false;
    for (size_t i = 0; i < m_rings.size(); ++i) {
        const auto &ring = m_rings[i];
        m_series[i]->replace(QList<QPointF>(ring.begin(), ring.end()));
        if (ring.empty())
            continue;
        minX = any ? std::min(minX, ring.front().x()) : ring.front().x();
        maxX = any ? std::max(maxX, ring.back().x()) : ring.back().x();
        for (const QPointF &p : ring)
            maxY = std::max(maxY, p.y());
        any = true;
    }
    // Axis ranges set by hand: a little headroom, never a zero-height range.
    m_x->setRange(minX, std::max(maxX, minX + 1.0));
    const double top = maxY <= 0 ? 1.0 : maxY * 1.1;
    m_y->setRange(0, top);
    m_y->applyNiceNumbers();
}

} // namespace coroscope
