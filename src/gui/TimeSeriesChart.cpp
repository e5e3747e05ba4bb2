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
    m_onRight.assign(m_series.size(), false);
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

void TimeSeriesChart::setSeriesStyle(int series, Qt::PenStyle style, qreal width)
{
    QLineSeries *line = m_series[size_t(series)];
    QPen pen = line->pen();
    pen.setStyle(style);
    pen.setWidthF(width);
    line->setPen(pen);
}

void TimeSeriesChart::setSeriesOnRightAxis(int series)
{
    if (!m_right) {
        m_right = new QValueAxis;
        m_right->setLabelFormat(QStringLiteral("%.6g"));
        chart()->addAxis(m_right, Qt::AlignRight);
    }
    QAbstractSeries *s = m_shown[size_t(series)];
    s->detachAxis(m_y);
    s->attachAxis(m_right);
    m_onRight[size_t(series)] = true;
    refresh();
}

bool TimeSeriesChart::isSeriesVisible(int series) const
{
    return m_shown[size_t(series)]->isVisible();
}

TimeSeriesChart::Rings &TimeSeriesChart::rings(const QString &source)
{
    Rings &r = m_sources[source];
    if (r.size() != m_series.size())
        r.resize(m_series.size());
    return r;
}

qsizetype TimeSeriesChart::pointCount(int series) const
{
    const auto it = m_sources.find(m_source);
    return it == m_sources.end() ? 0 : qsizetype(it->second[size_t(series)].size());
}

QList<QPointF> TimeSeriesChart::drawnPoints(int series) const
{
    return m_series[size_t(series)]->points();
}

QPen TimeSeriesChart::seriesPen(int series) const
{
    return m_series[size_t(series)]->pen();
}

QString TimeSeriesChart::seriesName(int series) const
{
    return m_shown[size_t(series)]->name();
}

double TimeSeriesChart::axisTop() const
{
    return m_y->max();
}

double TimeSeriesChart::rightAxisTop() const
{
    return m_right ? m_right->max() : 0.0;
}

void TimeSeriesChart::append(double seconds, const QList<double> &values)
{
    appendTo(m_source, seconds, values);
}

void TimeSeriesChart::appendTo(const QString &source, double seconds, const QList<double> &values)
{
    Rings &r = rings(source);
    for (size_t i = 0; i < r.size() && qsizetype(i) < values.size(); ++i) {
        const double v = values[qsizetype(i)];
        if (std::isnan(v))
            continue;
        auto &ring = r[i];
        if (int(ring.size()) == m_capacity)
            ring.pop_front();
        ring.emplace_back(seconds, v);
    }
}

void TimeSeriesChart::setSource(const QString &source)
{
    m_source = source;
}

void TimeSeriesChart::clear()
{
    m_sources.clear();
    refresh();
}

void TimeSeriesChart::rescale(QValueAxis *axis, double maxY)
{
    const auto [top, ticks] = m_whole ? niceCountAxisTop(maxY * 1.05) : niceAxisTop(maxY * 1.05);
    if (axis->max() != top || axis->min() != 0) {
        axis->setTickCount(ticks);
        axis->setRange(0, top);
    }
}

void TimeSeriesChart::setMarkers(const QList<Marker> &markers)
{
    if (markers.size() == m_markers.size())
        return; // changes only add markers: the same count is the same list
    m_markers = markers;
    viewport()->update();
}

void TimeSeriesChart::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    if (m_markers.isEmpty())
        return;
    const QRectF plot = chart()->plotArea();
    painter->save();
    painter->setPen(QPen(QColor(120, 60, 160), 1.5, Qt::DashDotLine));
    for (const Marker &m : std::as_const(m_markers)) {
        if (m.seconds < m_x->min() || m.seconds > m_x->max())
            continue;
        const qreal x = chart()->mapToScene(chart()->mapToPosition(QPointF(m.seconds, 0), m_series.front())).x();
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter->drawText(QPointF(x + 3, plot.top() + 12), m.label);
    }
    painter->restore();
}

void TimeSeriesChart::refresh()
{
    // Every axis change and every replace() makes Qt Charts lay the series out again, so the frame is
    // computed first, the axes set once, and each series replaced once.
    const Rings &shown = rings(m_source);
    std::vector<QList<QPointF>> frames(shown.size());
    double minX = 0, maxX = 10, maxY = 0, maxRight = 0;
    bool any = false;
    for (size_t i = 0; i < shown.size(); ++i) {
        const auto &ring = shown[i];
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
            double &top = m_onRight[i] ? maxRight : maxY;
            for (const QPointF &p : std::as_const(points))
                top = std::max(top, p.y());
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
    rescale(m_y, maxY);
    if (m_right)
        rescale(m_right, maxRight);
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
