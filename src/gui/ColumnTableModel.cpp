#include "gui/ColumnTableModel.h"

#include <QCoreApplication>

namespace coroscope {

ColumnTableModel::ColumnTableModel(std::span<const char *const> titles, std::initializer_list<int> numeric,
                                   QObject *parent)
    : QAbstractTableModel(parent), m_titles(titles)
{
    Q_ASSERT(titles.size() <= 64);
    for (const int column : numeric)
        m_numeric |= quint64(1) << column;
}

int ColumnTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows();
}

int ColumnTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QVariant ColumnTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == Qt::TextAlignmentRole)
        return (m_numeric >> index.column()) & 1 ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return cell(index, role);
}

QVariant ColumnTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole)
        return headerToolTip(section);
    if (role != Qt::DisplayRole || section < 0 || size_t(section) >= m_titles.size())
        return {};
    const char *title = m_titles[size_t(section)];
    // metaObject() is the subclass's: its class name is the context its titles were marked under.
    return title ? QCoreApplication::translate(metaObject()->className(), title) : untabledTitle(section);
}

QString ColumnTableModel::untabledTitle(int) const
{
    return {};
}

QVariant ColumnTableModel::headerToolTip(int) const
{
    return {};
}

} // namespace coroscope
