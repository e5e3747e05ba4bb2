#pragma once

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QCategoryAxis;
class QValueAxis;

namespace coroscope {

class LatencyHistogram;

// How latencies are distributed: the histogram's fine buckets merged into a few dozen log-spaced
// bins between the fastest and the slowest task, drawn as steps over a logarithmic time axis.
class LatencyHistogramChart : public QChartView
{
    Q_OBJECT
public:
    explicit LatencyHistogramChart(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    // One replace() per call; the histogram itself is not kept.
    void show(const LatencyHistogram &histogram);
    void clear();
    qsizetype binCount() const { return m_bins; }
    // The latency axis's labels (in ms), lowest first.
    QStringList axisLabels() const;
    // The count axis: its top and tick count.
    double countAxisTop() const;
    int countAxisTicks() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    // The latency axis from 10^first to 10^last ms.
    void setDecades(int first, int last);

    QLineSeries *m_upper;
    QAreaSeries *m_area;
    QCategoryAxis *m_x;
    QValueAxis *m_y;
    qsizetype m_bins = 0;
    int m_first = 0, m_last = 0;
};

} // namespace coroscope
