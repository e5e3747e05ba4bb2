#pragma once

#include "core/Snapshot.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QCheckBox;

namespace Ui {
class ChartsPage;
}

namespace coroscope {

class LatencyHistogramChart;
class TimeSeriesChart;

// The Charts tab: every chart of a run, fed one point per frame. Per-workload charts keep a ring per
// workload, so selecting another workload shows its whole window, not a restart from the click.
class ChartsPage : public QWidget
{
    Q_OBJECT
public:
    // The latency chart's series, in this order.
    enum LatencySeries { P50, P90, P95, P99, UncorrectedP50, UncorrectedP99, LatencySeriesCount };
    enum ThroughputSeries { AllThroughput, SelectedThroughput, TargetRate, TargetWorkers };

    explicit ChartsPage(QWidget *parent = nullptr);
    ~ChartsPage() override;

    // A new run, or none: every ring is emptied.
    void clear();
    // One frame: appends to every ring, and redraws at most every 200 ms while the page is shown.
    void plot(const SnapshotPtr &s, double lagMs);
    // Redraws the visible charts now (e.g. the final frame of a run).
    void refresh();
    // The workload the per-workload charts follow; empty for all (latency: the slowest one).
    void selectWorkload(const QString &name);
    // Latency per interval (default) or since the start.
    void setCumulativeLatency(bool cumulative);
    bool isCumulativeLatency() const;
    // Asks for a file and writes every chart as one PNG; the path written, or empty.
    QString exportPng(const QString &baseName);

    QList<TimeSeriesChart *> charts() const;
    TimeSeriesChart *statesChart() const { return m_states; }
    TimeSeriesChart *notSucceededChart() const { return m_notSucceeded; }
    TimeSeriesChart *throughputChart() const { return m_throughput; }
    TimeSeriesChart *latencyChart() const { return m_latency; }
    TimeSeriesChart *queueTimesChart() const { return m_queueTimes; }
    LatencyHistogramChart *histogramChart() const { return m_histogram; }
    QWidget *chartsContents() const;
    QCheckBox *cumulativeCheck() const;
    // Whether the queue charts are the first row (a queue workload is selected, or only queues run).
    bool queueChartsFirst() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void plotLatency(const Snapshot &s, double t);
    void markChanges(const Snapshot &s);
    void plotQueue(const Snapshot &s, double t);
    void pickQueue(const Snapshot &s);
    void placeQueueChartsFirst(bool first);
    void showLatencySource();
    void refreshHistogram();

    std::unique_ptr<Ui::ChartsPage> ui;
    TimeSeriesChart *m_states;
    TimeSeriesChart *m_notSucceeded;
    TimeSeriesChart *m_throughput;
    TimeSeriesChart *m_latency;
    TimeSeriesChart *m_lag;
    TimeSeriesChart *m_queueDepth;
    TimeSeriesChart *m_queueTimes;
    LatencyHistogramChart *m_histogram;
    QString m_selected;
    QString m_queueShown; // the queue workload the queue charts follow
    SnapshotPtr m_last;
    bool m_queueFirst = false;
    QElapsedTimer m_drawClock;
};

} // namespace coroscope
