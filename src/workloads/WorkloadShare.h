#pragma once

#include <QJsonObject>

namespace coroscope {

// Part `part` (0 .. parts-1) of one workload's profile object (the object as a profile's
// `workloads[i]` holds it, `type` included), for a run spread over `parts` loop threads or fleet
// agents. Every count that scales the load (sleep tasks, requests, connections, producers,
// consumers, items, intake clients, concurrency, pools) is split evenly, the remainder going to the
// first parts; rates are split in proportion to the part's share of the workload's main count.
// Figures per task or per connection (messagesPerConnection, sizes, timeouts, a built-in server's
// limits) are left alone. A count that is 0 because 0 means "unbounded" stays 0 in every part.
//
// Task indices (the `{i}` of a URL, element i of a list distribution) stay unique across parts: part
// t of N takes the indices t, t+N, t+2N... of its whole, recorded as the internal keys
// `indexOffset` (added to) and `indexStride` (multiplied). A share of a share therefore composes:
// part t of N of (part a of A) takes a + A*t + A*N*k, and all parts of all parts cover each index
// once. A part whose share of the main count is 0 gets the internal key `shareEmpty: true` (and its
// counts 0): it does nothing. A workload in `mode` "first" (wait(FIRST_COMPLETED): one decision over
// all its tasks) is not split: part 0 gets it whole, the others are empty. A `concurrency` limit
// (sleep, http-fanout) is a semaphore over the whole workload: it is spread over at most that many
// parts, so the parts together never run more at once than the whole would. `stages` targets are
// split like the key they drive (a rate in proportion, a count evenly); a part of an echo or
// websocket workload with stages has work when its share of their highest target is not 0, even
// with no connection of its own to start from. `parts` <= 1 returns the object unchanged.
QJsonObject workloadShare(const QJsonObject &workload, int part, int parts);

// The internal keys a share adds; the workload registry reads them, a profile does not document them.
namespace share_keys {
inline constexpr char kIndexOffset[] = "indexOffset";
inline constexpr char kIndexStride[] = "indexStride";
inline constexpr char kEmpty[] = "shareEmpty";
} // namespace share_keys

} // namespace coroscope
