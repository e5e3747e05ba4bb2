#pragma once

#include "core/Snapshot.h"

#include <QAbstractTableModel>

namespace coroscope {

// Error kinds of every workload: count and the last message, from the Snapshot stream.
class ErrorsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Workload, Kind, Count, LastMessage, ColumnCount };

    explicit ErrorsModel(QObject *parent = nullptr);
    void setSnapshot(const SnapshotPtr &snapshot);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString workload, kind, message;
        qint64 count = 0;
    };
    QList<Row> m_rows;
};

} // namespace coroscope
