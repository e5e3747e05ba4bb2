#pragma once

#include "core/Snapshot.h"

#include <QAbstractTableModel>

namespace coroscope {

// Counts per state for every workload and in total, from the Snapshot stream: one row per workload
// plus a total row; each snapshot changes the whole table with one dataChanged.
class StateCountsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Type,
        Pending,
        Running,
        Succeeded,
        Failed,
        TimedOut,
        Cancelled,
        Rate,
        P50,
        P99,
        WaitingOn,
        Target,
        ColumnCount
    };

    explicit StateCountsModel(QObject *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    SnapshotPtr m_snapshot;
};

} // namespace coroscope
