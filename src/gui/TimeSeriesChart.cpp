#include "gui/TimeSeriesChart.h"

#include "gui/AxisScale.h"
#include "gui/PngExport.h"

#include <QAreaSeries>
#include <QChart>
#include <QContextMenuEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace coroscope {

TimeSeriesChart::TimeSeriesChart(const QString &title, const QString &unit, const QStringList &seriesNames, Style style,
                                 int capacity, QWidget *parent)
    // The chart goes to the constructor: setChart() would orphan the default chart the view makes.
    : QChartView(new QChart, parent), m_unit(unit), m_style(style), m_x(new QValueAxis), m_y(new QValueAxis),
      m_capacity(std::max(2, capacity))
{
    QChart *chart = this->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setVisible(seriesNames.size() > 1);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setTitle(title);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    // Time ticks on whole, round seconds (anchored at 0), not at fifths of whatever range is shown.
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_x->setTickInterval(2);
    m_y->setLabelFormat(QStringLiteral("%.6g"));
    QLineSeries *below = nullptr;
    for (const QString &name : seriesNames) {
        auto *line = new QLineSeries(chart);
        QAbstractSeries *shown = line;
        if (style == Style::StackedAreas) {
            // Each area lies on the one below it: its lower edge is the previous upper edge.
            auto *area = new QAreaSeries(line, below);
            shown = area;
            below = line;
        }
        shown->setName(name);
        chart->addSeries(shown);
        shown->attachAxis(m_x);
        shown->attachAxis(m_y);
        m_series.push_back(line);
        m_shown.push_back(shown);
    }
    m_rings.resize(m_series.size());
    setRenderHint(QPainter::Antialiasing, false);
    setMinimumSize(320, 220);
    refresh();
}

void TimeSeriesChart::setTitle(const QString &title)
{
    // Titles carry the units; axes keep only numbers, so small charts still have room for them.
    chart()->setTitle(QStringLiteral("%1 (%2)").arg(title, m_unit));
}

void TimeSeriesChart::setSeriesVisible(int series, bool visible)
{
    QAbstractSeries *s = m_shown[size_t(series)];
    if (s->isVisible() == visible)
        return;
    s->setVisible(visible);
    for (QLegendMarker *marker : chart()->legend()->markers(s))
        marker->setVisible(visible);
}

void TimeSeriesChart::setSeriesColor(int series, const QColor &color)
{
    if (auto *area = qobject_cast<QAreaSeries *>(m_shown[size_t(series)])) {
        area->setColor(color);
        area->setBorderColor(color.darker(120));
    } else {
        m_series[size_t(series)]->setColor(color);
    }
}

bool TimeSeriesChart::isSeriesVisible(int series) const
{
    return m_shown[size_t(series)]->isVisible();
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
    // Every axis change and every replace() makes Qt Charts lay the series out again, so the frame is
    // computed first, the axes set once, and each series replaced once.
    std::vector<QList<QPointF>> frames(m_rings.size());
    double minX = 0, maxX = 10, maxY = 0;
    bool any = false;
    for (size_t i = 0; i < m_rings.size(); ++i) {
        const auto &ring = m_rings[i];
        QList<QPointF> &points = frames[i];
        points = QList<QPointF>(ring.begin(), ring.end());
        if (m_style == Style::StackedAreas && i > 0) {
            const QList<QPointF> &below = frames[i - 1];
            for (qsizetype k = 0; k < points.size() && k < below.size(); ++k)
                points[k].ry() += below[k].y();
        }
        if (!points.isEmpty() && m_shown[i]->isVisible()) {
            minX = any ? std::min(minX, points.front().x()) : points.front().x();
            maxX = any ? std::max(maxX, points.back().x()) : points.back().x();
            for (const QPointF &p : std::as_const(points))
                maxY = std::max(maxY, p.y());
            any = true;
        }
    }
    // Axis ranges set by hand: a little headroom, never a zero-height range.
    const double right = std::max(maxX, minX + 1.0);
    const double span = right - minX;
    double interval = 600;
    for (double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0}) {
        if (span / step <= 6) {
            interval = step;
            break;
        }
    }
    if (m_x->tickInterval() != interval)
        m_x->setTickInterval(interval);
    m_x->setRange(minX, right);
    const auto [top, ticks] = niceAxisTop(maxY * 1.05);
    if (m_y->max() != top || m_y->min() != 0) {
        m_y->setTickCount(ticks);
        m_y->setRange(0, top);
    }
    for (size_t i = 0; i < m_series.size(); ++i)
        m_series[i]->replace(frames[i]);
}

void TimeSeriesChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG..."), this,
                   [this] { PngExport::askAndSave(this, chart()->title().section(u' ', 0, 0).toLower(), window()); });
    menu.exec(event->globalPos());
}

} // namespace coroscope
