#include "gui/LatencyHistogramChart.h"

#include "core/LatencyHistogram.h"
#include "gui/AxisScale.h"
#include "gui/PngExport.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QContextMenuEvent>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {
constexpr int kBins = 40;
} // namespace

LatencyHistogramChart::LatencyHistogramChart(QWidget *parent)
    : QChartView(new QChart, parent), m_upper(new QLineSeries), m_x(new QCategoryAxis), m_y(new QValueAxis)
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
    // Points lie at log10(ms); the labels name milliseconds at every decade (QLogValueAxis drops
    // labels it has no room for, so a chart showed only two decades).
    m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
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
    setDecades(-1, 3);
    m_y->setTickCount(2);
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
        steps << QPointF(std::log10(left), double(counts[size_t(i)]))
              << QPointF(std::log10(right), double(counts[size_t(i)]));
        top = std::max(top, counts[size_t(i)]);
    }
    // Axes first, then the one replace(): each of them lays the series out again.
    setDecades(int(std::lround(std::log10(lo))), int(std::lround(std::log10(hi))));
    const auto [yTop, ticks] = niceCountAxisTop(double(top) * 1.05);
    if (m_y->max() != yTop) {
        m_y->setTickCount(ticks);
        m_y->setRange(0, yTop);
    }
    m_upper->replace(steps);
    m_bins = kBins;
}

void LatencyHistogramChart::setDecades(int first, int last)
{
    if (m_first == first && m_last == last)
        return;
    m_first = first;
    m_last = last;
    for (const QString &label : m_x->categoriesLabels())
        m_x->remove(label);
    // Every decade gets a label; a span of one or two decades also gets 2 and 5 between them.
    const bool fine = last - first <= 2;
    for (int d = first; d <= last; ++d) {
        for (int m : {1, 2, 5}) {
            if (m > 1 && (!fine || d == last))
                continue;
            const double ms = m * std::pow(10.0, d);
            m_x->append(QLocale().toString(ms, 'g', 6), std::log10(ms));
        }
    }
    m_x->setStartValue(first);
    m_x->setRange(first, last);
}

double LatencyHistogramChart::countAxisTop() const
{
    return m_y->max();
}

int LatencyHistogramChart::countAxisTicks() const
{
    return m_y->tickCount();
}

QStringList LatencyHistogramChart::axisLabels() const
{
    return m_x->categoriesLabels();
}

void LatencyHistogramChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG..."), this,
                   [this] { PngExport::askAndSave(this, QStringLiteral("latency-histogram"), window()); });
    menu.exec(event->globalPos());
}

} // namespace coroscope
