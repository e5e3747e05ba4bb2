#pragma once

#include "core/Snapshot.h"

#include <QByteArrayView>
#include <QCoreApplication>

namespace coroscope {

class WireReader;

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
    // A histogram's growth as DeltaEncoder::writeGrowth wrote it: validated, not applied yet.
    struct Growth {
        std::vector<std::pair<int, qint64>> buckets; // index, samples added
        qint64 minNs = 0, maxNs = 0, sumNs = 0;
        void applyTo(LatencyHistogram &h) const;
    };
    static Growth readGrowth(WireReader &r);
    static void readChecksAndUrls(WireReader &r, WorkloadSnapshot &w);

    std::shared_ptr<Snapshot> m_snapshot;
    quint64 m_sequence = 0;
};

} // namespace coroscope
