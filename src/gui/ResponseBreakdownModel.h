#pragma once

#include "core/Snapshot.h"

#include <QAbstractTableModel>

namespace coroscope {

class StateCountsModel;

// The response checks and per-URL figures of every workload that has them, from the same Snapshots
// as the counts table: one row per check (passed, failed) and one per URL (succeeded, failed, timed
// out, percentiles). Row count changes reset the model; otherwise one dataChanged per snapshot.
class ResponseBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Workload, Item, Passed, Failed, TimedOut, P50, P95, P99, ColumnCount };

    explicit ResponseBreakdownModel(QObject *parent = nullptr);

    // Shows what `counts` shows, following its every change.
    void follow(StateCountsModel *counts);
    void setSnapshot(const SnapshotPtr &snapshot);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        int workload;
        int check; // index into checks, or -1
        int url;   // index into urls, or -1
    };
    SnapshotPtr m_snapshot;
    QList<Row> m_rows;
};

} // namespace coroscope
