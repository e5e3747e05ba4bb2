#pragma once

#include "cli/MaxRateSearch.h"

#include <QChartView>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace coroscope {

// The max-rate search's curve as it grows: p50 and p99 (left axis, ms) and the error rate (right
// axis, %) against the offered rate; the steps that met the targets are marked.
class MaxRateChart : public QChartView
{
    Q_OBJECT
public:
    explicit MaxRateChart(QWidget *parent = nullptr);

    void setSteps(const QList<MaxRateStep> &steps, double p99TargetMs);
    int pointCount() const;

private:
    QLineSeries *m_p50;
    QLineSeries *m_p99;
    QLineSeries *m_errors;
    QLineSeries *m_target;
    QScatterSeries *m_good;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QValueAxis *m_right;
};

} // namespace coroscope
