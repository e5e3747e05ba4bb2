#pragma once

#include "core/Snapshot.h"

#include "gui/ColumnTableModel.h"

#include <array>

namespace coroscope {

// Error kinds of every workload: count and the last message, from the Snapshot stream.
class ErrorsModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column { Workload, Kind, Count, LastMessage, ColumnCount };

    explicit ErrorsModel(QObject *parent = nullptr);
    void setSnapshot(const SnapshotPtr &snapshot);

protected:
    int rows() const override;
    QVariant cell(const QModelIndex &index, int role) const override;

private:
    using Row = std::array<QVariant, ColumnCount>; // what each column shows
    QList<Row> m_rows;
};

} // namespace coroscope
