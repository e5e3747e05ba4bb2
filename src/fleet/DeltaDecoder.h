#pragma once

#include "core/Snapshot.h"

#include <QByteArrayView>
#include <QCoreApplication>

namespace coroscope {

// The controller's side of the fleet wire format: rebuilds one agent's Snapshot from its deltas.
// Validates everything before it changes anything — version, sequence, sizes, ranges, that the
// payload ends where it should — so a stream holding garbage gives a message and leaves the last
// good Snapshot as it was.
class DeltaDecoder
{
    Q_DECLARE_TR_FUNCTIONS(DeltaDecoder)
public:
    // The run's workloads as the controller knows them: (name, type) in profile order.
    explicit DeltaDecoder(const QList<QPair<QString, QString>> &workloads);

    bool apply(QByteArrayView payload, QString *error);
    SnapshotPtr snapshot() const { return m_snapshot; }
    quint64 applied() const { return m_sequence; }

private:
    std::shared_ptr<Snapshot> m_snapshot;
    quint64 m_sequence = 0;
};

} // namespace coroscope
