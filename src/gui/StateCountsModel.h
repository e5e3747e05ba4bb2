#pragma once

#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "gui/ColumnTableModel.h"

#include <QHash>

namespace coroscope {

// Counts per state for every workload and in total, from the Snapshot stream: one row per workload
// plus a total row; each snapshot changes the whole table with one dataChanged. A workload that
// finished shows when, and its rate over its own active time, as sequential vs gather shows it.
class StateCountsModel : public ColumnTableModel
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
        ActiveRate,
        P50,
        P95,
        P99,
        FinishedAt,
        WaitingOn,
        Target,
        ColumnCount
    };

    explicit StateCountsModel(QObject *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    // When each workload of the run starts (`startAfterMs`), so its rate counts only its own time.
    void setStartOffsets(const RunSpec &spec);
    // Tasks done per second of the workload's own active time (the run's for the total row).
    double activeRate(int row) const;
    SnapshotPtr snapshot() const { return m_snapshot; }

protected:
    int rows() const override;
    QVariant cell(const QModelIndex &index, int role) const override;
    QString untabledTitle(int section) const override;
    QVariant headerToolTip(int section) const override;

private:
    SnapshotPtr m_snapshot;
    QHash<QString, double> m_startSeconds;
};

} // namespace coroscope
