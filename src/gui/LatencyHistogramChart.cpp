#include "gui/LatencyHistogramChart.h"

#include "core/LatencyHistogram.h"
#include "gui/AxisScale.h"
#include "gui/PngExport.h"

#include <QAreaSeries>
#include <QChart>
#include <QContextMenuEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {
constexpr int kBins = 40;
} // namespace

LatencyHistogramChart::LatencyHistogramChart(QWidget *parent)
    : QChartView(new QChart, parent), m_upper(new QLineSeries), m_x(new QLogValueAxis), m_y(new QValueAxis)
{
    QChart *chart = this->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    m_upper->setParent(chart);
    m_area = new QAreaSeries(m_upper);
    chart->addSeries(m_area);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_area->attachAxis(m_x);
    m_area->attachAxis(m_y);
    m_x->setBase(10);
    m_x->setLabelFormat(QStringLiteral("%g"));
    m_x->setMinorTickCount(8);
    m_y->setLabelFormat(QStringLiteral("%.6g"));
    m_y->setTickCount(5);
    setTitle(tr("Latency histogram"));
    setRenderHint(QPainter::Antialiasing, false);
    setMinimumSize(320, 220);
    clear();
}

void LatencyHistogramChart::setTitle(const QString &title)
{
    chart()->setTitle(tr("%1 (tasks per bin, latency in ms)").arg(title));
}

void LatencyHistogramChart::clear()
{
    m_upper->clear();
    m_bins = 0;
    m_x->setRange(0.1, 1000);
    m_y->setRange(0, 1);
}

void LatencyHistogramChart::show(const LatencyHistogram &h)
{
    if (h.count() == 0) {
        clear();
        return;
    }
    // Bins with equal ratios between the fastest and the slowest task, a little wider than both.
    // The axis spans whole decades, so it always has labelled ticks at both ends.
    const double lo =
        std::pow(10.0, std::floor(std::log10(std::max(1e-3, double(std::max<qint64>(h.minNs(), 1)) / 1e6))));
    const double hi = std::pow(10.0, std::ceil(std::log10(std::max(lo * 10, double(h.maxNs()) / 1e6 * 1.01))));
    const double step = std::pow(hi / lo, 1.0 / kBins);
    std::array<qint64, kBins> counts{};
    const int first = LatencyHistogram::bucketIndex(h.minNs());
    const int last = LatencyHistogram::bucketIndex(h.maxNs());
    for (int b = first; b <= last; ++b) {
        const qint64 n = h.bucketCount(b);
        if (n == 0)
            continue;
        const double mid = double(LatencyHistogram::bucketLowerBound(b) + LatencyHistogram::bucketUpperBound(b)) / 2e6;
        const int bin = std::clamp(int(std::log(mid / lo) / std::log(step)), 0, kBins - 1);
        counts[size_t(bin)] += n;
    }
    QList<QPointF> steps;
    steps.reserve(2 * kBins);
    qint64 top = 0;
    for (int i = 0; i < kBins; ++i) {
        const double left = lo * std::pow(step, i), right = left * step;
        steps << QPointF(left, double(counts[size_t(i)])) << QPointF(right, double(counts[size_t(i)]));
        top = std::max(top, counts[size_t(i)]);
    }
    // Axes first, then the one replace(): each of them lays the series out again.
    if (m_x->min() != lo || m_x->max() != hi)
        m_x->setRange(lo, hi);
    const auto [yTop, ticks] = niceAxisTop(double(top) * 1.05);
    if (m_y->max() != yTop) {
        m_y->setTickCount(ticks);
        m_y->setRange(0, yTop);
    }
    m_upper->replace(steps);
    m_bins = kBins;
}

void LatencyHistogramChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG..."), this,
                   [this] { PngExport::askAndSave(this, QStringLiteral("latency-histogram"), window()); });
    menu.exec(event->globalPos());
}

} // namespace coroscope
