#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace coroscope {

// One item travelling from a producer to a consumer.
struct QueueItem {
    quint64 id = 0;      // the task id of the item
    quint32 taskSlot = 0; // with id, the tracker's TaskRef
    qint64 enqueuedNs = 0;
    int priority = 0; // lower first, like asyncio.PriorityQueue
    quint64 sequence = 0; // FIFO among equal priorities
    QByteArray payload;
};

} // namespace coroscope
