#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <utility>

namespace coroscope {

// The shell every table model of the window shares: a fixed list of columns with translated titles,
// rows only at the top level, index checks, numbers aligned right. A subclass says how many rows it
// has and what a cell shows; it never repeats the Qt overrides.
class ColumnTableModel : public QAbstractTableModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    // `titles` in column order, marked with QT_TRANSLATE_NOOP under the subclass's tr() context (its
    // class name, "coroscope::ErrorsModel"); a nullptr title is asked of untabledTitle(). The columns
    // in `numeric` are aligned right, the others left.
    ColumnTableModel(std::span<const char *const> titles, std::initializer_list<int> numeric, QObject *parent);

    virtual int rows() const = 0;
    // A valid index; any role but Qt::TextAlignmentRole.
    virtual QVariant cell(const QModelIndex &index, int role) const = 0;
    virtual QString untabledTitle(int section) const;
    virtual QVariant headerToolTip(int section) const;

    // Replaces the model's `rows` with `next`. When every row stands for the same thing as before
    // (`sameRow` on each pair), in place with one dataChanged over columns `first` to `last`;
    // otherwise with a reset, so no selection is left on a row that now means something else.
    template<typename Rows, typename SameRow>
    void replaceRows(Rows &rows, Rows next, SameRow sameRow, int first, int last)
    {
        if (next.size() != rows.size() || !std::equal(next.cbegin(), next.cend(), rows.cbegin(), sameRow)) {
            beginResetModel();
            rows = std::move(next);
            endResetModel();
            return;
        }
        rows = std::move(next);
        if (!rows.empty())
            Q_EMIT dataChanged(index(0, first), index(int(rows.size()) - 1, last));
    }

private:
    std::span<const char *const> m_titles;
    quint64 m_numeric = 0; // bit n: column n is aligned right
};

} // namespace coroscope
