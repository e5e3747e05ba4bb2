#include "gui/MaxRateChart.h"

#include <QChart>
#include <QCoreApplication>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace coroscope {

MaxRateChart::MaxRateChart(QWidget *parent)
    : QChartView(new QChart, parent), m_p50(new QLineSeries), m_p99(new QLineSeries), m_errors(new QLineSeries),
      m_target(new QLineSeries), m_good(new QScatterSeries), m_x(new QValueAxis), m_y(new QValueAxis),
      m_right(new QValueAxis)
{
    QChart *c = chart();
    c->setAnimationOptions(QChart::NoAnimation);
    c->setTitle(tr("Latency and errors by offered rate"));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    c->addAxis(m_right, Qt::AlignRight);
    m_x->setTitleText(tr("requests per second"));
    m_y->setTitleText(QCoreApplication::translate("coroscope::ChartsPage", "ms"));
    m_right->setTitleText(tr("errors %"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_p50->setName(QCoreApplication::translate("coroscope::ChartsPage", "p50"));
    m_p99->setName(QCoreApplication::translate("coroscope::ChartsPage", "p99"));
    m_errors->setName(tr("error rate (right axis)"));
    m_target->setName(tr("p99 target"));
    m_good->setName(tr("met the targets"));
    m_target->setPen(QPen(Qt::darkGray, 1.5, Qt::DashLine));
    m_good->setMarkerSize(9);
    for (QXYSeries *s : {static_cast<QXYSeries *>(m_p50), static_cast<QXYSeries *>(m_p99),
                         static_cast<QXYSeries *>(m_target), static_cast<QXYSeries *>(m_good)}) {
        c->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    c->addSeries(m_errors);
    m_errors->attachAxis(m_x);
    m_errors->attachAxis(m_right);
    setMinimumSize(420, 280);
    setSteps({}, 0);
}

int MaxRateChart::pointCount() const
{
    return int(m_p99->count());
}

void MaxRateChart::setSteps(const QList<MaxRateStep> &steps, double p99TargetMs)
{
    // Bisection visits rates out of order: the curve is drawn by rate.
    QList<MaxRateStep> sorted = steps;
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.rate < b.rate; });
    QList<QPointF> p50, p99, errors, good;
    double maxRate = 10, maxMs = std::max(1.0, p99TargetMs * 1.2), maxErrors = 1;
    for (const MaxRateStep &s : std::as_const(sorted)) {
        p50 << QPointF(s.rate, s.p50Ms);
        p99 << QPointF(s.rate, s.p99Ms);
        errors << QPointF(s.rate, s.errorRate * 100);
        if (s.good)
            good << QPointF(s.rate, s.p99Ms);
        maxRate = std::max(maxRate, s.rate);
        maxMs = std::max(maxMs, std::min(s.p99Ms, p99TargetMs * 10)); // a runaway p99 does not flatten the rest
        maxErrors = std::max(maxErrors, s.errorRate * 100);
    }
    m_p50->replace(p50);
    m_p99->replace(p99);
    m_errors->replace(errors);
    m_good->replace(good);
    m_target->replace({QPointF(0, p99TargetMs), QPointF(maxRate * 1.1, p99TargetMs)});
    m_x->setRange(0, maxRate * 1.1);
    m_y->setRange(0, maxMs * 1.1);
    m_right->setRange(0, std::min(100.0, maxErrors * 1.2));
}

} // namespace coroscope
