#include "gui/ErrorsModel.h"

#include <array>

namespace coroscope {

namespace {

// In Column order; QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, ErrorsModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Workload"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Error kind"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Count"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Last message"),
};

} // namespace

ErrorsModel::ErrorsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ErrorsModel::setSnapshot(const SnapshotPtr &snapshot)
{
    QList<Row> rows;
    if (snapshot) {
        for (const WorkloadSnapshot &w : snapshot->workloads) {
            for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
                rows.push_back(Row{w.name, errorKindName(it.key()), it->lastMessage, it->count});
        }
    }
    const bool sameShape = rows.size() == m_rows.size() &&
                           std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), [](const Row &a, const Row &b) {
                               return a.workload == b.workload && a.kind == b.kind;
                           });
    if (!sameShape) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    m_rows = std::move(rows);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Count), index(int(m_rows.size()) - 1, LastMessage));
}

int ErrorsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ErrorsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ErrorsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows[index.row()];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Count ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Workload:
        return r.workload;
    case Kind:
        return r.kind;
    case Count:
        return r.count;
    case LastMessage:
        return r.message;
    default:
        return {};
    }
}

QVariant ErrorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section < 0 || section >= ColumnCount)
        return {};
    return tr(kColumnTitles[size_t(section)]);
}

} // namespace coroscope
