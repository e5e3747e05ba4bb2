#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <deque>
#include <vector>

class QAbstractSeries;
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
    enum class Style { Lines, StackedAreas };

    TimeSeriesChart(const QString &title, const QString &unit, const QStringList &seriesNames,
                    Style style = Style::Lines, int capacity = 600, QWidget *parent = nullptr);

    // The title names what is shown, e.g. the selected workload.
    void setTitle(const QString &title);
    // Hides a series and its legend entry (a figure the current workload does not have).
    void setSeriesVisible(int series, bool visible);
    bool isSeriesVisible(int series) const;
    void setSeriesColor(int series, const QColor &color);

    // One value per series at time `seconds`.
    void append(double seconds, const QList<double> &values);
    void clear();
    // Pushes the rings into the chart and rescales the axes.
    void refresh();

    qsizetype pointCount(int series) const { return qsizetype(m_rings[size_t(series)].size()); }
    int capacity() const { return m_capacity; }

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QString m_unit;
    Style m_style;
    std::vector<QLineSeries *> m_series;    // the lines, or the upper edges of the stacked areas
    std::vector<QAbstractSeries *> m_shown; // what the chart holds: the lines or the areas
    std::vector<std::deque<QPointF>> m_rings;
    QValueAxis *m_x;
    QValueAxis *m_y;
    int m_capacity;
};

} // namespace coroscope
