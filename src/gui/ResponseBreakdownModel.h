#pragma once

#include "core/Snapshot.h"

#include "gui/ColumnTableModel.h"

namespace coroscope {

class StateCountsModel;

// The response checks and per-URL figures of every workload that has them, from the same Snapshots
// as the counts table: one row per check (passed, failed) and one per URL (succeeded, failed, timed
// out, percentiles). Row count changes reset the model; otherwise one dataChanged per snapshot.
class ResponseBreakdownModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column { Workload, Item, Passed, Failed, TimedOut, P50, P95, P99, ColumnCount };

    explicit ResponseBreakdownModel(QObject *parent = nullptr);

    // Shows what `counts` shows, following its every change.
    void follow(StateCountsModel *counts);
    void setSnapshot(const SnapshotPtr &snapshot);

protected:
    int rows() const override;
    QVariant cell(const QModelIndex &index, int role) const override;

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
