#include "gui/RunStatusLabels.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <climits>

namespace coroscope {

namespace {
// Past 50 ms the generator's own loop, not the target, limits what is measured.
constexpr double kLagWarningMs = 50.0;
} // namespace

RunStatusLabels::RunStatusLabels(QStatusBar *bar) : QObject(bar), m_tasks(new QLabel(bar)), m_lag(new QLabel(bar))
{
    m_tasks->setObjectName(QStringLiteral("tasksStatusLabel"));
    m_lag->setObjectName(QStringLiteral("lagStatusLabel"));
    bar->addWidget(m_tasks, 1);
    bar->addPermanentWidget(m_lag);
    clear();
}

void RunStatusLabels::show(const Snapshot &s, double recentLagMs)
{
    m_lag->setText(tr("Loop lag p99 %1 ms, recent max %2 ms")
                       .arg(QString::number(s.loopLag.p99Ms, 'f', 2), QString::number(recentLagMs, 'f', 2)));
    const bool lagging = recentLagMs > kLagWarningMs;
    m_lag->setStyleSheet(lagging ? QStringLiteral("color: #b00000; font-weight: bold") : QString());
    QString tip = lagging ? tr("The event loop ran %1 ms late: the generator, not the target, is now the "
                               "bottleneck, and latencies include that delay.")
                                .arg(QString::number(recentLagMs, 'f', 1))
                          : tr("How late the event loop's 10 ms heartbeat runs (p99 over the run, and the "
                               "worst since the last update)");
    if (s.loopLagPerThread.size() > 1) {
        // The label shows the worst loop thread; the tooltip each one.
        tip += u'\n' + tr("Worst of %1 loop threads. Per thread (p50 / p99 / max ms):").arg(s.loopLagPerThread.size());
        for (size_t t = 0; t < s.loopLagPerThread.size(); ++t) {
            const LoopLagSummary &l = s.loopLagPerThread[t];
            tip += u'\n' + tr("thread %1: %2 / %3 / %4")
                               .arg(t + 1)
                               .arg(QString::number(l.p50Ms, 'f', 2), QString::number(l.p99Ms, 'f', 2),
                                    QString::number(l.maxMs, 'f', 2));
        }
    }
    m_lag->setToolTip(tip);
    m_lag->setProperty("lagging", lagging);
    // Every task that reached an end counts, cancelled ones included, as in the tiles.
    const qint64 cancelled = s.totals[stateIndex(TaskState::Cancelled)];
    const qint64 ended = s.totalDone() + cancelled;
    m_tasks->setText(tr("%n task(s) finished, %1 of them cancelled", nullptr, int(std::min<qint64>(ended, INT_MAX)))
                         .arg(QLocale().toString(cancelled)));
}

void RunStatusLabels::clear()
{
    m_tasks->setText(tr("No run yet"));
    m_lag->setText(QString());
    m_lag->setStyleSheet(QString());
    m_lag->setToolTip(QString());
    m_lag->setProperty("lagging", false);
}

QString RunStatusLabels::tasksText() const
{
    return m_tasks->text();
}

QString RunStatusLabels::lagText() const
{
    return m_lag->text();
}

bool RunStatusLabels::isLagging() const
{
    return m_lag->property("lagging").toBool();
}

} // namespace coroscope
