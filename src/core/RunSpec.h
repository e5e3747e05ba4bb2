#pragma once

#include "core/PassFailRule.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QThread>

#include <vector>

namespace coroscope {

// One workload as the profile gives it; its type-specific keys stay JSON until the workload
// registry validates them.
struct WorkloadSpec {
    QString type;
    QString name;
    bool enabled = true;
    int startAfterMs = 0;
    QJsonObject params;
    QString jsonPath; // e.g. workloads[1]
    QString baseDir;  // the profile file's folder: relative paths in params (a dataFile) resolve against it
};

// A loaded, validated profile: what a Run needs.
struct RunSpec {
    QString sourceFile;
    QString name;
    QString description; // free text, e.g. what a scenario shows or what it needs (a Redis)
    int schemaVersion = 1;
    double durationSeconds = 0; // 0 = until every workload is done
    int drainTimeoutMs = 1000;  // graceful stop: how long running tasks may finish
    int snapshotIntervalMs = 100;
    // On a fleet, what an agent lost mid-run does to the run: "continue" (the rest go on) or "fail".
    QString onAgentLoss = QStringLiteral("continue");
    // Loop threads, each with its share of every workload; 0 = one per core.
    int threads = 0;
    int resolvedThreads() const { return threads > 0 ? threads : std::max(1, QThread::idealThreadCount()); }
    std::vector<WorkloadSpec> workloads;
    QList<PassFailRule> rules;
    // The document as loaded: saving starts from it, so keys this version does not know survive.
    QJsonObject sourceDocument;
    // The file's text as loaded: saving keeps the order of its keys (profile/JsonKeyOrder).
    QByteArray sourceText;
};

} // namespace coroscope
