#include "gui/AgentsModel.h"

#include "gui/StateAppearance.h"

#include <QBrush>
#include <QLocale>

#include <array>

namespace coroscope {

namespace {

// In Column order; QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, AgentsModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Agent"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Host"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "State"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Done/s"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Done"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "p99"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Loop lag (p99)"),
    QT_TRANSLATE_NOOP("coroscope::AgentsModel", "Last heartbeat"),
};

} // namespace

AgentsModel::AgentsModel(QObject *parent)
    : ColumnTableModel(kColumnTitles, {DonePerSecond, Done, P99, LoopLag, Heartbeat}, parent)
{}

void AgentsModel::setAgents(std::vector<AgentStatus> agents, const QDateTime &now)
{
    m_now = now;
    // Another run's agents reset the model; the rows of one run only change in place.
    const auto sameAgent = [](const AgentStatus &a, const AgentStatus &b) { return a.name == b.name; };
    replaceRows(m_agents, std::move(agents), sameAgent, 0, ColumnCount - 1);
}

QString AgentsModel::stateText(const AgentStatus &a)
{
    if (a.lost && a.state == QLatin1String("lost"))
        return tr("lost");
    if (a.state == QLatin1String("running"))
        return tr("running");
    if (a.state == QLatin1String("finished"))
        return tr("done");
    if (a.state == QLatin1String("refused"))
        return tr("refused");
    if (a.state == QLatin1String("failed"))
        return tr("failed");
    if (a.state == QLatin1String("idle"))
        return tr("joined");
    return a.state;
}

int AgentsModel::rows() const
{
    return int(m_agents.size());
}

QVariant AgentsModel::cell(const QModelIndex &index, int role) const
{
    const AgentStatus &a = m_agents[size_t(index.row())];
    const QLocale locale;
    if (role == StateKeyRole)
        return a.state;
    if (role == Qt::ForegroundRole && a.lost)
        return QBrush(stateColor(TaskState::Failed)); // the red of the Failed tiles
    if (role == Qt::ForegroundRole && index.column() == LoopLag && a.loopLagMs > FleetController::kStallLagMs)
        return QBrush(stateColor(TaskState::TimedOut));
    if (role == Qt::ToolTipRole) {
        if (a.lost && !a.lostReason.isEmpty())
            return tr("%1: %2").arg(stateText(a), a.lostReason);
        if (index.column() == LoopLag && a.loopLagMs > FleetController::kStallLagMs)
            return tr("Its event loop lags: its latencies include its own delay");
        return QStringLiteral("%1 (%2, %3 cores, %4)").arg(a.name, a.host).arg(a.cores).arg(a.version);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return a.name;
    case Host:
        return a.host;
    case State:
        return stateText(a);
    case DonePerSecond: // a rate only while it runs: a lost or done agent's last one would mislead
        return a.state == QLatin1String("running") && !a.lost ? locale.toString(a.donePerSecond, 'f', 1)
                                                              : QStringLiteral("–");
    case Done:
        return locale.toString(a.done);
    case P99:
        return tr("%1 ms").arg(locale.toString(a.p99Ms, 'f', 2));
    case LoopLag:
        return tr("%1 ms").arg(locale.toString(a.loopLagMs, 'f', 2));
    case Heartbeat:
        if (!a.lastHeartbeat.isValid())
            return QString();
        return tr("%1 s ago")
            .arg(locale.toString(std::max<qint64>(0, a.lastHeartbeat.msecsTo(m_now)) / 1000.0, 'f', 1));
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace coroscope
