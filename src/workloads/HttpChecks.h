#pragma once

#include "core/ErrorKind.h"
#include "core/JsonReader.h"
#include "core/Snapshot.h"
#include "workloads/DataFeed.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace coroscope {

class HttpResponseCapture;

// An http-fanout workload's checks on responses (k6's checks), from the profile's "checks" object:
//   "status": [200, 204]                      the status is one of these (then it alone decides
//                                             which statuses pass; without it, status < 400 passes)
//   "bodyContains": "text"                    the body contains this text (searched as it streams)
//   "header": {"Content-Type": "application/json"}   the header is there and its value contains this
//   "maxBodyBytes": N                         the body is at most N bytes (0: no check)
// bodyContains and header values may hold a data file's {column} placeholders and {i}. Every answer
// is judged by every check and counted per check; a failed one fails the request as "check failed"
// with what it saw.
class HttpChecks
{
    Q_DECLARE_TR_FUNCTIONS(HttpChecks)
public:
    // Reads the "checks" object of `r`, if any.
    static HttpChecks read(JsonReader &r);

    bool isEmpty() const { return names().isEmpty(); }
    // One name per check, the order of tallies: "status", "header NAME"..., "bodyContains", "maxBodyBytes".
    QStringList names() const;
    // Finds the data file's placeholders (nullptr: only {i}); the names of unknown ones go to `unknown`.
    void bind(const DataFeed *feed, QStringList *unknown = nullptr);
    // Sets `capture` up for one request (its row of the data file, -1 for none, and its index).
    void arm(HttpResponseCapture *capture, qint64 row, quint64 index) const;
    // The verdict on an answer: ErrorKind::None when it passes, CheckFailed or the kind of an error
    // status otherwise, with `message` saying which check saw what. `capture` may be nullptr when
    // the workload has no checks. Each check's tally is counted in `tallies` (in names() order).
    ErrorKind judge(int status, const HttpResponseCapture *capture, qint64 row, quint64 index,
                    QList<CheckTally> *tallies, QString *message) const;
    QList<CheckTally> emptyTallies() const;

private:
    QByteArray expand(const DataFeed::Template &t, const QByteArray &text, qint64 row, quint64 index) const;

    QList<int> m_statuses;
    QByteArray m_bodyContains;
    QList<QPair<QByteArray, QByteArray>> m_headers; // name, expected part of the value
    qint64 m_maxBodyBytes = 0;
    const DataFeed *m_feed = nullptr;
    DataFeed::Template m_bodyTemplate;
    std::vector<DataFeed::Template> m_headerTemplates;
};

} // namespace coroscope
