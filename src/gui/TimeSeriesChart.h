#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <deque>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace coroscope {

// A live line chart over a sliding time window: each series keeps its own ring of points and the
// chart gets one replace() per series per refresh (append() on a visible chart is quadratic in Qt
// Charts 6.4). All Qt Charts code lives here, so a port to Qt Graphs is this one file.
class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    TimeSeriesChart(const QString &title, const QString &unit, const QStringList &seriesNames,
                    int capacity = 600, QWidget *parent = nullptr);

    // One value per series at time `seconds`.
    void append(double seconds, const QList<double> &values);
    void clear();
    // Pushes the rings into the chart and rescales the axes.
    void refresh();

    qsizetype pointCount(int series) const { return qsizetype(m_rings[size_t(series)].size()); }
    int capacity() const { return m_capacity; }

private:
    std::vector<QLineSeries *> m_series;
    std::vector<std::deque<QPointF>> m_rings;
    QValueAxis *m_x;
    QValueAxis *m_y;
    int m_capacity;
};

} // namespace coroscope
