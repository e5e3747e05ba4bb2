#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <deque>
#include <map>
#include <vector>

class QAbstractSeries;
class QLineSeries;
class QValueAxis;

namespace coroscope {

// A live line chart over a sliding time window: each series keeps its own ring of points and the
// chart gets one replace() per series per refresh (append() on a visible chart is quadratic in Qt
// Charts 6.4). All Qt Charts code lives here, so a port to Qt Graphs is this one file.
//
// The rings come in named sets ("sources", e.g. one per workload): every source keeps its history
// while another is shown, so switching what the chart follows shows that source's whole window.
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

    // Draws the series with this pen style and width (e.g. a dashed p90 beside a solid p99).
    void setSeriesStyle(int series, Qt::PenStyle style, qreal width);
    // Counts: grid lines on whole numbers only.
    void setWholeNumbers(bool whole) { m_whole = whole; }
    // Scales the series against its own axis on the right (a small figure beside a large one).
    void setSeriesOnRightAxis(int series);

    // Vertical lines at moments worth marking (a user's live change), with a short label each;
    // drawn over the chart where their time is in the window shown.
    struct Marker {
        double seconds = 0;
        QString label;
    };
    void setMarkers(const QList<Marker> &markers);
    const QList<Marker> &markers() const { return m_markers; }

    // One value per series at time `seconds`, into the source shown; a NaN value adds no point
    // (the figure does not exist yet), so the line is not drawn at a made-up 0.
    void append(double seconds, const QList<double> &values);
    void appendTo(const QString &source, double seconds, const QList<double> &values);
    // Which source the chart draws; its rings are kept while another one is shown.
    void setSource(const QString &source);
    QString source() const { return m_source; }
    qsizetype sourceCount() const { return qsizetype(m_sources.size()); }
    // Forgets every source.
    void clear();
    // Pushes the rings into the chart and rescales the axes.
    void refresh();

    qsizetype pointCount(int series) const;
    int capacity() const { return m_capacity; }
    // The values of a series as drawn (after refresh()), its pen and legend name.
    QList<QPointF> drawnPoints(int series) const;
    QPen seriesPen(int series) const;
    QString seriesName(int series) const;
    int seriesCount() const { return int(m_series.size()); }
    // The tops of the value axes as drawn; the right one is 0 when the chart has none.
    double axisTop() const;
    double rightAxisTop() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    using Rings = std::vector<std::deque<QPointF>>;
    Rings &rings(const QString &source);
    void rescale(QValueAxis *axis, double maxY);

    QString m_unit;
    Style m_style;
    std::vector<QLineSeries *> m_series;    // the lines, or the upper edges of the stacked areas
    std::vector<QAbstractSeries *> m_shown; // what the chart holds: the lines or the areas
    std::map<QString, Rings> m_sources;
    QString m_source;
    std::vector<bool> m_onRight;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QValueAxis *m_right = nullptr;
    int m_capacity;
    bool m_whole = false;
    QList<Marker> m_markers;
};

} // namespace coroscope
