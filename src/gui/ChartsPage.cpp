#include "gui/ChartsPage.h"

#include "gui/LatencyHistogramChart.h"
#include "gui/PngExport.h"
#include "gui/StateAppearance.h"
#include "gui/TimeSeriesChart.h"

#include "ui_ChartsPage.h"

#include <QGridLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace coroscope {

namespace {
// Charts over a minute move smoothly at 5 frames a second, and redrawing eight of them is the
// window's largest cost: at 10 Hz the echo benchmark lost 12 % of its throughput, at 5 Hz 6 %.
constexpr qint64 kChartFrameMs = 200;
constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
// A source name no workload can have: what the latency chart follows when none is selected.
const QString kSlowest = QStringLiteral("\x1f slowest");

const WorkloadSnapshot *findWorkload(const Snapshot &s, const QString &name)
{
    for (const WorkloadSnapshot &w : s.workloads) {
        if (w.name == name)
            return &w;
    }
    return nullptr;
}

QString latencySource(const QString &workload, bool cumulative)
{
    return (cumulative ? QStringLiteral("c\x1f") : QStringLiteral("i\x1f")) + workload;
}

// No task finished (in the interval, or yet): no point, rather than a line at 0.
QList<double> latencyValues(const LatencySummary &l, const WorkloadSnapshot &w, bool cumulative)
{
    if (l.count == 0)
        return QList<double>(ChartsPage::LatencySeriesCount, kNoValue);
    const bool corrected = cumulative && w.gauges.contains(Gauge::UncorrectedP50Ms);
    return {l.p50Ms,
            l.p90Ms,
            l.p95Ms,
            l.p99Ms,
            corrected ? w.gauges.value(Gauge::UncorrectedP50Ms) : kNoValue,
            corrected ? w.gauges.value(Gauge::UncorrectedP99Ms) : kNoValue};
}
} // namespace

ChartsPage::ChartsPage(QWidget *parent) : QWidget(parent), ui(std::make_unique<Ui::ChartsPage>())
{
    ui->setupUi(this);
    // Charts over the last 60 s at 10 frames a second.
    QStringList states;
    for (int i = 0; i < kTaskStateCount; ++i)
        states << stateTitle(TaskState(i)).toLower();
    m_states = new TimeSeriesChart(tr("Tasks by state, all workloads"), tr("count"), states,
                                   TimeSeriesChart::Style::StackedAreas);
    // Succeeded tasks dwarf the others on a long run: the rest get a chart of their own scale.
    QStringList others = states;
    others.removeAt(stateIndex(TaskState::Succeeded));
    m_notSucceeded = new TimeSeriesChart(tr("Tasks not succeeded, all workloads"), tr("count"), others);
    for (int i = 0, k = 0; i < kTaskStateCount; ++i) {
        m_states->setSeriesColor(i, stateColor(TaskState(i)));
        if (TaskState(i) != TaskState::Succeeded)
            m_notSucceeded->setSeriesColor(k++, stateColor(TaskState(i)));
    }
    m_states->setWholeNumbers(true);
    m_notSucceeded->setWholeNumbers(true);
    m_throughput =
        new TimeSeriesChart(tr("Throughput"), tr("tasks done per second"),
                            {tr("all"), tr("selected"), tr("target rate"), tr("target workers or connections (right axis)")});
    // The load's target (stages, live changes) dashed beside what it achieved.
    m_throughput->setSeriesStyle(TargetRate, Qt::DashLine, 2);
    m_throughput->setSeriesStyle(TargetWorkers, Qt::DashLine, 1.5);
    m_throughput->setSeriesOnRightAxis(TargetWorkers);
    m_latency =
        new TimeSeriesChart(tr("Latency"), tr("ms"),
                            {tr("p50"), tr("p90"), tr("p95"), tr("p99"), tr("uncorrected p50"), tr("uncorrected p99")});
    // p90 dashed and thin, p99 thick: close lines stay apart.
    m_latency->setSeriesStyle(P90, Qt::DashLine, 1.5);
    m_latency->setSeriesStyle(P95, Qt::DashDotLine, 1.5);
    m_latency->setSeriesStyle(P99, Qt::SolidLine, 2.5);
    m_latency->setSeriesStyle(UncorrectedP50, Qt::DotLine, 1.5);
    m_latency->setSeriesStyle(UncorrectedP99, Qt::DotLine, 1.5);
    m_lag = new TimeSeriesChart(tr("Event-loop lag"), tr("ms"), {tr("max since last update"), tr("p99 so far")});
    m_histogram = new LatencyHistogramChart;
    m_queueDepth = new TimeSeriesChart(tr("Queue depth"), tr("items"),
                                       {tr("depth"), tr("producers waiting"), tr("consumers waiting")});
    m_queueDepth->setWholeNumbers(true);
    m_queueTimes = new TimeSeriesChart(
        tr("Queue wait vs service"), tr("ms"),
        {tr("wait p50"), tr("wait p99"), tr("service p50 (right axis)"), tr("service p99 (right axis)")});
    // Service is often a thousandth of the wait: on one axis it would lie flat at 0.
    m_queueTimes->setSeriesOnRightAxis(2);
    m_queueTimes->setSeriesOnRightAxis(3);
    placeQueueChartsFirst(false);
    m_queueDepth->hide();
    m_queueTimes->hide();
    connect(ui->cumulativeCheck, &QCheckBox::toggled, this, &ChartsPage::setCumulativeLatency);
    selectWorkload(QString());
}

ChartsPage::~ChartsPage() = default;

QList<TimeSeriesChart *> ChartsPage::charts() const
{
    return {m_states, m_notSucceeded, m_throughput, m_latency, m_lag, m_queueDepth, m_queueTimes};
}

QWidget *ChartsPage::chartsContents() const
{
    return ui->chartsContents;
}

QCheckBox *ChartsPage::cumulativeCheck() const
{
    return ui->cumulativeCheck;
}

void ChartsPage::clear()
{
    m_last.reset();
    m_drawClock.invalidate();
    m_queueShown.clear();
    for (TimeSeriesChart *c : charts()) {
        c->clear();
        c->setMarkers({});
    }
    m_histogram->clear();
    m_queueDepth->hide();
    m_queueTimes->hide();
}

void ChartsPage::plot(const SnapshotPtr &snapshot, double lagMs)
{
    m_last = snapshot;
    const Snapshot &s = *snapshot;
    const double t = double(s.elapsedNs) / 1e9;
    QList<double> states, others;
    for (int i = 0; i < kTaskStateCount; ++i) {
        states << double(s.totals[size_t(i)]);
        if (TaskState(i) != TaskState::Succeeded)
            others << double(s.totals[size_t(i)]);
    }
    m_states->append(t, states);
    m_notSucceeded->append(t, others);
    m_throughput->appendTo(QString(), t, {s.throughputPerSecond, kNoValue, kNoValue, kNoValue});
    for (const WorkloadSnapshot &w : s.workloads) {
        const bool rate = w.loadKey == QLatin1String("rate") && w.loadTarget >= 0;
        const bool workers = !w.loadKey.isEmpty() && !rate && w.loadTarget >= 0;
        m_throughput->appendTo(w.name, t,
                               {s.throughputPerSecond, w.throughputPerSecond, rate ? w.loadTarget : kNoValue,
                                workers ? w.loadTarget : kNoValue});
    }
    markChanges(s);
    plotLatency(s, t);
    m_lag->append(t, {lagMs, s.loopLag.p99Ms});
    plotQueue(s, t);
    // Only a shown page is redrawn, and at most every kChartFrameMs; the rings keep every frame.
    if (isVisible() && (!m_drawClock.isValid() || m_drawClock.elapsed() >= kChartFrameMs))
        refresh();
}

void ChartsPage::markChanges(const Snapshot &s)
{
    // Every user's live change is a line on the throughput and latency charts.
    QList<TimeSeriesChart::Marker> markers;
    for (const WorkloadSnapshot &w : s.workloads) {
        for (const LiveChange &c : w.changes)
            markers.append({c.atSeconds, tr("%1 %2: %3 → %4")
                                             .arg(c.workload, liveKeyKey(c.key))
                                             .arg(c.oldValue, 0, 'g', 6)
                                             .arg(c.newValue, 0, 'g', 6)});
    }
    std::sort(markers.begin(), markers.end(), [](const auto &a, const auto &b) { return a.seconds < b.seconds; });
    m_throughput->setMarkers(markers);
    m_latency->setMarkers(markers);
}

void ChartsPage::plotLatency(const Snapshot &s, double t)
{
    // Every workload's rings fill whether it is shown or not, in both modes.
    const WorkloadSnapshot *slowest = nullptr;
    for (const WorkloadSnapshot &w : s.workloads) {
        m_latency->appendTo(latencySource(w.name, false), t, latencyValues(w.intervalLatency, w, false));
        m_latency->appendTo(latencySource(w.name, true), t, latencyValues(w.latency, w, true));
        if (!slowest || w.latency.p99Ms > slowest->latency.p99Ms)
            slowest = &w;
    }
    if (slowest) {
        m_latency->appendTo(latencySource(kSlowest, false), t,
                            latencyValues(slowest->intervalLatency, *slowest, false));
        m_latency->appendTo(latencySource(kSlowest, true), t, latencyValues(slowest->latency, *slowest, true));
    }
    // In fixed-rate mode latency counts from the intended send time; the uncorrected figures beside it
    // show how much a stalled target would have hidden (coordinated omission).
    const WorkloadSnapshot *followed = m_selected.isEmpty() ? slowest : findWorkload(s, m_selected);
    const bool corrected = isCumulativeLatency() && followed && followed->gauges.contains(Gauge::UncorrectedP50Ms);
    m_latency->setSeriesVisible(UncorrectedP50, corrected);
    m_latency->setSeriesVisible(UncorrectedP99, corrected);
}

void ChartsPage::plotQueue(const Snapshot &s, double t)
{
    for (const WorkloadSnapshot &w : s.workloads) {
        if (w.type != QLatin1String("queue"))
            continue;
        auto g = [&w](Gauge id) { return w.gauges.value(id); };
        m_queueDepth->appendTo(
            w.name, t, {g(Gauge::QueueDepth), g(Gauge::ProducersWaitingForRoom), g(Gauge::ConsumersWaitingForItems)});
        m_queueTimes->appendTo(
            w.name, t, {g(Gauge::WaitP50Ms), g(Gauge::WaitP99Ms), g(Gauge::ServiceP50Ms), g(Gauge::ServiceP99Ms)});
    }
    pickQueue(s);
}

void ChartsPage::pickQueue(const Snapshot &s)
{
    // The queue charts follow the selected queue workload, else the first one; each keeps its rings.
    const WorkloadSnapshot *selected = findWorkload(s, m_selected);
    const WorkloadSnapshot *shown = selected && selected->type == QLatin1String("queue") ? selected : nullptr;
    for (size_t i = 0; !shown && i < s.workloads.size(); ++i) {
        if (s.workloads[i].type == QLatin1String("queue"))
            shown = &s.workloads[i];
    }
    // A queue selected (or nothing but queues): its charts come first, above the fold.
    const bool onlyQueues = std::all_of(s.workloads.cbegin(), s.workloads.cend(),
                                        [](const WorkloadSnapshot &w) { return w.type == QLatin1String("queue"); });
    placeQueueChartsFirst(shown && (shown == selected || onlyQueues));
    m_queueDepth->setVisible(shown != nullptr);
    m_queueTimes->setVisible(shown != nullptr);
    if (shown && shown->name != m_queueShown) {
        m_queueShown = shown->name;
        m_queueDepth->setSource(shown->name);
        m_queueTimes->setSource(shown->name);
        m_queueDepth->setTitle(tr("Queue depth: %1").arg(shown->name));
        m_queueTimes->setTitle(tr("Queue wait vs service: %1").arg(shown->name));
    }
}

void ChartsPage::placeQueueChartsFirst(bool first)
{
    auto *grid = static_cast<QGridLayout *>(ui->chartsContents->layout());
    if (grid->count() > 0 && m_queueFirst == first)
        return;
    m_queueFirst = first;
    // Re-adding a widget still in the layout would warn: the grid is emptied and filled again.
    while (grid->count() > 0)
        delete grid->takeAt(0);
    const int queueRow = first ? 0 : 3, shift = first ? 1 : 0;
    const std::pair<QWidget *, QWidget *> rows[] = {
        {m_states, m_notSucceeded}, {m_throughput, m_latency}, {m_histogram, m_lag}};
    for (int i = 0; i < 3; ++i) {
        grid->addWidget(rows[i].first, i + shift, 0);
        grid->addWidget(rows[i].second, i + shift, 1);
    }
    grid->addWidget(m_queueTimes, queueRow, 0);
    grid->addWidget(m_queueDepth, queueRow, 1);
}

bool ChartsPage::queueChartsFirst() const
{
    return m_queueFirst;
}

void ChartsPage::refresh()
{
    m_drawClock.start();
    for (TimeSeriesChart *c : charts()) {
        if (!c->isHidden())
            c->refresh();
    }
    refreshHistogram();
}

void ChartsPage::refreshHistogram()
{
    if (!m_last) {
        m_histogram->clear();
        return;
    }
    if (const WorkloadSnapshot *w = findWorkload(*m_last, m_selected)) {
        m_histogram->show(w->histogram);
        return;
    }
    LatencyHistogram all;
    for (const WorkloadSnapshot &w : m_last->workloads)
        all.merge(w.histogram);
    m_histogram->show(all);
}

void ChartsPage::selectWorkload(const QString &name)
{
    m_selected = name;
    m_throughput->setSource(name);
    m_throughput->setSeriesVisible(1, !name.isEmpty());
    m_throughput->setSeriesVisible(TargetRate, !name.isEmpty());
    m_throughput->setSeriesVisible(TargetWorkers, !name.isEmpty());
    showLatencySource();
    m_histogram->setTitle(name.isEmpty() ? tr("Latency histogram: all workloads")
                                         : tr("Latency histogram: %1").arg(name));
    if (m_last)
        pickQueue(*m_last);
    if (isVisible())
        refresh();
}

void ChartsPage::showLatencySource()
{
    const bool cumulative = isCumulativeLatency();
    m_latency->setSource(latencySource(m_selected.isEmpty() ? kSlowest : m_selected, cumulative));
    const QString shown = m_selected.isEmpty() ? tr("slowest workload") : m_selected;
    m_latency->setTitle(cumulative ? tr("Latency since the start: %1").arg(shown)
                                   : tr("Latency per interval: %1").arg(shown));
}

void ChartsPage::setCumulativeLatency(bool cumulative)
{
    if (ui->cumulativeCheck->isChecked() != cumulative)
        ui->cumulativeCheck->setChecked(cumulative); // comes back here through toggled()
    showLatencySource();
    if (!cumulative) {
        m_latency->setSeriesVisible(UncorrectedP50, false);
        m_latency->setSeriesVisible(UncorrectedP99, false);
    }
    if (isVisible())
        refresh();
}

bool ChartsPage::isCumulativeLatency() const
{
    return ui->cumulativeCheck->isChecked();
}

QString ChartsPage::exportPng(const QString &baseName)
{
    // Every chart, drawn now, including those scrolled out of view or on a tab not shown.
    refresh();
    return PngExport::askAndSave(ui->chartsContents, baseName + QStringLiteral("-charts"), window());
}

void ChartsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

} // namespace coroscope
