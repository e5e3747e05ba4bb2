#include "gui/TaskTableModel.h"

#include "gui/StateAppearance.h"

#include "core/Clock.h"
#include "core/Run.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>

namespace coroscope {

namespace {

// In Column order; QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, TaskTableModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Id"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Workload"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "State"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Phase"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Age (s)"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Latency (ms)"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Attempts"),
    QT_TRANSLATE_NOOP("coroscope::TaskTableModel", "Error"),
};

// Whether each name of a table contains the filter text; computed once per rebuild, not per row.
std::vector<char> matchesOf(const QStringList &names, const QString &text)
{
    std::vector<char> out(size_t(names.size()), 0);
    for (qsizetype i = 0; i < names.size(); ++i)
        out[size_t(i)] = names[i].contains(text, Qt::CaseInsensitive);
    return out;
}

// Ascending order of each name of a table, so rows sort by a number rather than a string compare.
std::vector<int> ranksOf(const QStringList &names)
{
    std::vector<int> order(size_t(names.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return QString::localeAwareCompare(names[a], names[b]) < 0; });
    std::vector<int> rank(order.size());
    for (size_t i = 0; i < order.size(); ++i)
        rank[size_t(order[i])] = int(i);
    return rank;
}

bool idContains(quint64 id, std::string_view digits)
{
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, id).ptr;
    return std::string_view(buf, size_t(end - buf)).find(digits) != std::string_view::npos;
}

quint8 intern(QStringList &names, QHash<QString, quint8> &index, const QString &name)
{
    const auto it = index.constFind(name);
    if (it != index.cend())
        return *it;
    if (names.size() >= 255)
        return 0;
    names << name;
    const auto i = quint8(names.size() - 1);
    index.insert(name, i);
    return i;
}

} // namespace

TaskTableModel::TaskTableModel(QObject *parent) : ColumnTableModel(kColumnTitles, {Id, Age, Latency, Attempts}, parent)
{}

TaskTableModel::~TaskTableModel() = default;

void TaskTableModel::setRun(Run *run)
{
    // A new run swaps the whole data set: the one place a reset is right.
    beginResetModel();
    m_run = run;
    m_data = Data{};
    m_inFlight = 0;
    m_workloadNames.clear();
    m_workloadTypes.clear();
    if (run) {
        m_workloadNames = run->workloadNames();
        for (const WorkloadSnapshot &w : run->latestSnapshot()->workloads)
            m_workloadTypes << w.type;
    }
    endResetModel();
    Q_EMIT refreshed();
}

Run *TaskTableModel::run() const
{
    return m_run;
}

void TaskTableModel::refresh()
{
    collect(m_next);
    sortRows(m_next);
    publish(m_next);
    Q_EMIT refreshed();
}

void TaskTableModel::setStateFilter(quint32 states)
{
    if (states == m_states)
        return;
    m_states = states;
    refresh();
}

void TaskTableModel::setWorkloadFilter(int workload)
{
    if (workload == m_workload)
        return;
    m_workload = workload;
    refresh();
}

void TaskTableModel::setTextFilter(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    refresh();
}

void TaskTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    refresh();
}

void TaskTableModel::collect(Data &out)
{
    out.rows.clear();
    out.finished.clear();
    out.phaseNames.clear();
    out.errorNames = QStringList{QString()};
    out.nowNs = nowNs();
    out.startNs = 0;
    m_live.clear();
    if (!m_run) {
        m_inFlight = 0;
        return;
    }
    Run &run = *m_run;
    out.startNs = run.startNs();
    // Live and finished rows from the same moment: a task is in exactly one of the two lists.
    run.collectTasks(&out.phaseNames, &m_live, &out.finished);
    QHash<QString, quint8> phaseIndex;
    for (qsizetype p = 0; p < out.phaseNames.size(); ++p)
        phaseIndex.insert(out.phaseNames[p], quint8(p));
    m_inFlight = qint64(m_live.size());

    // Finished rows carry names; give them indexes into the same tables as the live rows.
    QHash<QString, quint8> errorIndex;
    std::vector<quint8> finishedPhase(size_t(out.finished.size()));
    std::vector<quint16> finishedError(size_t(out.finished.size()));
    for (qsizetype i = 0; i < out.finished.size(); ++i) {
        const TaskRow &f = out.finished[i];
        finishedPhase[size_t(i)] = intern(out.phaseNames, phaseIndex, f.phase);
        if (f.error != ErrorKind::None)
            finishedError[size_t(i)] = intern(out.errorNames, errorIndex, errorKindName(f.error));
    }

    const bool byText = !m_text.isEmpty();
    std::vector<char> workloadMatch, phaseMatch, errorMatch;
    std::string digits;
    if (byText) {
        workloadMatch = matchesOf(m_workloadNames, m_text);
        phaseMatch = matchesOf(out.phaseNames, m_text);
        errorMatch = matchesOf(out.errorNames, m_text);
        const bool numeric = std::all_of(m_text.cbegin(), m_text.cend(), [](QChar c) { return c.isDigit(); });
        if (numeric)
            digits = m_text.toStdString();
    }
    auto textMatches = [&](quint64 id, quint16 workload, quint8 phase) {
        return (workload < workloadMatch.size() && workloadMatch[workload]) || phaseMatch[phase] ||
               (!digits.empty() && idContains(id, digits));
    };
    auto passes = [&](TaskState state, quint16 workload) {
        return (m_states & stateBit(state)) && (m_workload < 0 || workload == m_workload);
    };

    out.rows.reserve(m_live.size() + size_t(out.finished.size()));
    for (const LiveTask &t : m_live) {
        if (!passes(t.state, t.workload) || (byText && !textMatches(t.id, t.workload, t.phase)))
            continue;
        out.rows.push_back(Row{.id = t.id,
                               .createdNs = t.createdNs,
                               .startedNs = t.startedNs,
                               .workload = t.workload,
                               .state = t.state,
                               .phase = t.phase,
                               .attempts = t.attempts});
    }
    for (qsizetype i = 0; i < out.finished.size(); ++i) {
        const TaskRow &f = out.finished[i];
        const auto workload = quint16(f.workload);
        const quint8 phase = finishedPhase[size_t(i)];
        const quint16 error = finishedError[size_t(i)];
        if (!passes(f.state, workload))
            continue;
        if (byText && !textMatches(f.id, workload, phase) && !errorMatch[error] &&
            !f.message.contains(m_text, Qt::CaseInsensitive))
            continue;
        out.rows.push_back(Row{.id = f.id,
                               .createdNs = f.createdNs,
                               .startedNs = f.startedNs,
                               .finishedNs = f.finishedNs,
                               .finished = qint32(i),
                               .workload = workload,
                               .error = error,
                               .state = f.state,
                               .phase = phase,
                               .attempts = quint8(std::clamp(f.attempts, 0, 255))});
    }
}

qint64 TaskTableModel::ageNs(const Row &r) const
{
    return (r.finishedNs ? r.finishedNs : m_data.nowNs) - r.createdNs;
}

qint64 TaskTableModel::latencyNs(const Row &r)
{
    return r.finishedNs && r.startedNs ? r.finishedNs - r.startedNs : -1;
}

void TaskTableModel::sortRows(Data &d) const
{
    // Ties go by id, so equal keys keep their order from one refresh to the next.
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    auto by = [&](auto key) {
        std::sort(d.rows.begin(), d.rows.end(), [&](const Row &a, const Row &b) {
            const auto ka = key(a), kb = key(b);
            if (ka != kb)
                return descending ? kb < ka : ka < kb;
            return descending ? b.id < a.id : a.id < b.id;
        });
    };
    switch (m_sortColumn) {
    case Workload: {
        const std::vector<int> rank = ranksOf(m_workloadNames);
        by([&](const Row &r) { return r.workload < rank.size() ? rank[r.workload] : int(r.workload); });
        break;
    }
    case State:
        by([](const Row &r) { return stateIndex(r.state); });
        break;
    case Phase: {
        const std::vector<int> rank = ranksOf(d.phaseNames);
        by([&](const Row &r) { return rank[r.phase]; });
        break;
    }
    case Age: {
        const qint64 now = d.nowNs;
        by([now](const Row &r) { return (r.finishedNs ? r.finishedNs : now) - r.createdNs; });
        break;
    }
    case Latency:
        by([](const Row &r) { return latencyNs(r); });
        break;
    case Attempts:
        by([](const Row &r) { return r.attempts; });
        break;
    case Error: {
        const std::vector<int> rank = ranksOf(d.errorNames);
        by([&](const Row &r) { return rank[r.error]; });
        break;
    }
    default:
        by([](const Row &r) { return r.id; });
        break;
    }
}

// Notification scheme: the rows change wholesale at every refresh (new order, tasks appear and go),
// but a reset would drop the selection, the current row and the scroll position ten times a second.
// So a count change is an insert or a remove at the end, and the rest is one layout change that
// moves every persistent index to its task's new row (found by id) or drops it when the task is gone;
// a whole-range dataChanged then covers cells that changed in place (age, state).
void TaskTableModel::publish(Data &next)
{
    const int oldCount = int(m_data.rows.size());
    const int newCount = int(next.rows.size());
    if (oldCount == 0 && newCount == 0) {
        std::swap(m_data, next);
        return;
    }
    if (newCount > oldCount) {
        // Placeholders (id 0) for the moment between the insert and the layout change.
        beginInsertRows({}, oldCount, newCount - 1);
        m_data.rows.resize(size_t(newCount));
        endInsertRows();
    }
    const int layoutCount = std::max(oldCount, newCount);
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    if (!from.isEmpty()) {
        QHash<quint64, int> newRowOf;
        newRowOf.reserve(from.size());
        for (const QModelIndex &i : from) {
            if (const quint64 id = m_data.rows[size_t(i.row())].id)
                newRowOf.insert(id, -1);
        }
        for (int r = 0; r < newCount && !newRowOf.isEmpty(); ++r) {
            const auto it = newRowOf.find(next.rows[size_t(r)].id);
            if (it != newRowOf.end())
                *it = r;
        }
        to.reserve(from.size());
        for (const QModelIndex &i : from) {
            const int row = newRowOf.value(m_data.rows[size_t(i.row())].id, -1);
            to << (row >= 0 ? createIndex(row, i.column()) : QModelIndex());
        }
    }
    std::swap(m_data, next);
    m_data.rows.resize(size_t(layoutCount)); // the rows past newCount go with the remove below
    if (!from.isEmpty())
        changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_data.rows.resize(size_t(newCount));
        endRemoveRows();
    }
    if (newCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(newCount - 1, ColumnCount - 1));
}

quint64 TaskTableModel::taskId(int row) const
{
    return row >= 0 && row < rowCount() ? m_data.rows[size_t(row)].id : 0;
}

int TaskTableModel::rowOfTask(quint64 id) const
{
    const auto it = std::find_if(m_data.rows.cbegin(), m_data.rows.cend(), [id](const Row &r) { return r.id == id; });
    return it == m_data.rows.cend() ? -1 : int(it - m_data.rows.cbegin());
}

bool TaskTableModel::isInFlight(int row) const
{
    return row >= 0 && row < rowCount() && !isFinal(m_data.rows[size_t(row)].state);
}

TaskDetails TaskTableModel::details(int row) const
{
    TaskDetails d;
    if (row < 0 || row >= rowCount())
        return d;
    const Row &r = m_data.rows[size_t(row)];
    const qint64 start = m_data.startNs;
    d.id = r.id;
    d.workload = m_workloadNames.value(r.workload);
    d.workloadType = m_workloadTypes.value(r.workload);
    d.state = r.state;
    d.phase = m_data.phaseNames.value(r.phase);
    d.createdNs = r.createdNs - start;
    d.startedNs = r.startedNs ? r.startedNs - start : -1;
    d.finishedNs = r.finishedNs ? r.finishedNs - start : -1;
    d.ageNs = ageNs(r);
    d.latencyNs = latencyNs(r);
    d.attempts = r.attempts;
    d.errorKind = m_data.errorNames.value(r.error);
    if (r.finished >= 0)
        d.errorMessage = m_data.finished[r.finished].message;
    return d;
}

int TaskTableModel::rows() const
{
    return int(m_data.rows.size());
}

QVariant TaskTableModel::cell(const QModelIndex &index, int role) const
{
    const Row &r = m_data.rows[size_t(index.row())];
    if (role == TaskIdRole)
        return QVariant::fromValue(r.id);
    if (role == Qt::ToolTipRole && index.column() == Error && r.finished >= 0) {
        const QString &message = m_data.finished[r.finished].message;
        return message.isEmpty() ? QVariant() : QVariant(message);
    }
    if (role != Qt::DisplayRole)
        return {};

    switch (index.column()) {
    case Id:
        return QVariant::fromValue(r.id);
    case Workload:
        return m_workloadNames.value(r.workload);
    case State:
        return stateTitle(r.state);
    case Phase:
        return m_data.phaseNames.value(r.phase);
    case Age:
        return QString::number(double(ageNs(r)) / double(kNsPerSecond), 'f', 1);
    case Latency: {
        const qint64 ns = latencyNs(r);
        return ns < 0 ? QString() : QString::number(double(ns) / double(kNsPerMs), 'f', 2);
    }
    case Attempts:
        return int(r.attempts);
    case Error:
        return m_data.errorNames.value(r.error);
    default:
        return {};
    }
}

QVariant TaskTableModel::headerToolTip(int section) const
{
    switch (section) {
    case Phase:
        return tr("What the task waits on");
    case Age:
        return tr("Seconds since the task was created (until it finished, for finished tasks)");
    case Latency:
        return tr("Running time of a finished task");
    default:
        return {};
    }
}

} // namespace coroscope
