#include "workloads/WorkloadShare.h"

#include "workloads/StagesSpec.h"

#include <QJsonArray>
#include <QString>

#include <algorithm>

namespace coroscope {

namespace {

struct Split {
    int part = 0;
    int parts = 1;
    // Part `part` of n when n is dealt out round-robin: the first n % parts parts get one more.
    qint64 of(qint64 n) const { return n / parts + (part < n % parts ? 1 : 0); }
};

qint64 count(const QJsonObject &o, const char *key, qint64 fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : fallback;
}

// Splits the count `key` (its default when absent); 0 stays 0 (unbounded or "none"). With
// `atLeastOne`, a part that has work keeps one of it (a part with one sleep task and concurrency 0
// would otherwise run unbounded, a queue part with items and no producer would only consume).
void splitCount(QJsonObject &o, const char *key, qint64 fallback, const Split &s, bool partHasWork, bool atLeastOne)
{
    const qint64 n = count(o, key, fallback);
    if (n <= 0)
        return;
    qint64 mine = partHasWork ? s.of(n) : 0;
    if (atLeastOne && partHasWork)
        mine = std::max<qint64>(1, mine);
    o.insert(QLatin1String(key), double(mine));
}

void scaleRate(QJsonObject &o, const char *key, double fraction)
{
    if (o.contains(QLatin1String(key)))
        o.insert(QLatin1String(key), o.value(QLatin1String(key)).toDouble() * fraction);
}

// The main count of a workload (what "does nothing" is measured by): its key and its default.
struct MainCount {
    const char *key = nullptr;
    qint64 fallback = 0;
};

MainCount mainCountOf(const QString &type, const QJsonObject &o)
{
    if (type == QLatin1String("sleep"))
        return {"tasks", 3};
    if (type == QLatin1String("echo") || type == QLatin1String("websocket"))
        return {"connections", 100};
    if (type == QLatin1String("http-fanout"))
        return count(o, "requests", 1000) > 0 ? MainCount{"requests", 1000} : MainCount{"concurrency", 100};
    if (type == QLatin1String("queue")) {
        if (o.contains(QLatin1String("intake")))
            return {}; // the intake clients, split below in their own object
        if (count(o, "items", 1000) > 0)
            return {"items", 1000};
        return count(o, "producers", 1) > 0 ? MainCount{"producers", 1} : MainCount{"consumers", 2};
    }
    return {};
}

void splitQueue(QJsonObject &o, const Split &s, bool hasWork)
{
    splitCount(o, "items", 1000, s, hasWork, false);
    splitCount(o, "producers", 1, s, hasWork, true);
    splitCount(o, "consumers", 2, s, hasWork, true);
    splitCount(o, "capacity", 1000, s, hasWork, true);
    if (o.value(QLatin1String("work")).isObject()) {
        QJsonObject work = o.value(QLatin1String("work")).toObject();
        if (work.value(QLatin1String("kind")).toString() == QLatin1String("postgres")) {
            splitCount(work, "connections", 2, s, hasWork, true);
            o.insert(QLatin1String("work"), work);
        }
    }
}

// A part with nothing to do: its main count 0, marked empty.
QJsonObject emptyShare(QJsonObject o, const QString &type)
{
    const MainCount main = mainCountOf(type, o);
    if (main.key)
        o.insert(QLatin1String(main.key), 0);
    o.insert(QLatin1String(share_keys::kEmpty), true);
    return o;
}

// How many parts a workload can be spread over without breaking a bound of the whole: a
// concurrency limit is a semaphore over all its tasks, so never more parts than permits.
int partsFor(const QString &type, const QJsonObject &o, int parts)
{
    const bool bounded = type == QLatin1String("sleep") || type == QLatin1String("http-fanout");
    const qint64 permits = bounded ? count(o, "concurrency", type == QLatin1String("sleep") ? 0 : 100) : 0;
    return permits > 0 ? int(std::min<qint64>(parts, permits)) : parts;
}

// Stage targets are the load of the whole workload, so each part ramps to its share of them: a
// rate in the part's proportion, a concurrency or a connection count dealt out like the count itself.
void splitStages(QJsonObject &o, const Split &s, double rateFraction)
{
    QJsonArray stages = o.value(QLatin1String("stages")).toArray();
    if (stages.isEmpty())
        return;
    const bool rate = o.value(QLatin1String("ratePerSecond")).toDouble(0) > 0;
    for (qsizetype i = 0; i < stages.size(); ++i) {
        QJsonObject stage = stages[i].toObject();
        const double target = stage.value(QLatin1String("target")).toDouble(0);
        stage.insert(QLatin1String("target"), rate ? target * rateFraction : double(s.of(qint64(target))));
        stages[i] = stage;
    }
    o.insert(QLatin1String("stages"), stages);
}

} // namespace

QJsonObject workloadShare(const QJsonObject &workload, int part, int parts)
{
    if (parts <= 1)
        return workload;
    part = std::clamp(part, 0, parts - 1);
    QJsonObject o = workload;
    const QString type = o.value(QLatin1String("type")).toString();
    // wait(FIRST_COMPLETED) is one decision over all the workload's tasks: it stays whole, in part 0.
    if (o.value(QLatin1String("mode")).toString() == QLatin1String("first"))
        return part == 0 ? o : emptyShare(o, type);
    // Parts beyond what the workload's bounds allow get nothing; the others share it all.
    const int active = partsFor(type, o, parts);
    if (part >= active)
        return emptyShare(o, type);
    const Split s{part, active};

    // The main count decides whether this part has anything to do, and its share of the rates.
    double fraction = 1.0 / active;
    bool hasWork = true;
    QJsonObject intake = o.value(QLatin1String("intake")).toObject();
    const bool queueIntake = type == QLatin1String("queue") && o.value(QLatin1String("intake")).isObject();
    const MainCount main = queueIntake ? MainCount{"connections", 4} : mainCountOf(type, o);
    if (main.key) {
        const QJsonObject &holder = queueIntake ? intake : o;
        const qint64 total = count(holder, main.key, main.fallback);
        if (total > 0) {
            fraction = double(s.of(total)) / double(total);
            hasWork = s.of(total) > 0;
        }
    }
    // Connection stages may ramp a part up from no connection at all: it has work when its share of
    // the highest target has some.
    const bool connectionStages = (type == QLatin1String("echo") || type == QLatin1String("websocket")) &&
                                  o.value(QLatin1String("stages")).isArray();
    if (connectionStages)
        hasWork = hasWork || s.of(qint64(StagesSpec::peakTarget(o))) > 0;

    if (type == QLatin1String("sleep")) {
        splitCount(o, "tasks", 3, s, hasWork, false);
        splitCount(o, "concurrency", 0, s, hasWork, true);
    } else if (type == QLatin1String("echo") || type == QLatin1String("websocket")) {
        splitCount(o, "connections", 100, s, hasWork, false);
        splitStages(o, s, fraction);
        scaleRate(o, "rampPerSecond", fraction);
    } else if (type == QLatin1String("http-fanout")) {
        splitCount(o, "requests", 1000, s, hasWork, false);
        splitStages(o, s, fraction);
        splitCount(o, "concurrency", 100, s, hasWork, true);
        scaleRate(o, "ratePerSecond", fraction);
    } else if (type == QLatin1String("queue")) {
        splitStages(o, s, fraction);
        splitQueue(o, s, hasWork);
        scaleRate(o, "ratePerSecond", fraction);
        if (queueIntake) {
            splitCount(intake, "connections", 4, s, hasWork, false);
            o.insert(QLatin1String("intake"), intake);
        }
    }

    const qint64 offset = count(o, share_keys::kIndexOffset, 0);
    const qint64 stride = std::max<qint64>(1, count(o, share_keys::kIndexStride, 1));
    o.insert(QLatin1String(share_keys::kIndexOffset), double(offset + s.part * stride));
    o.insert(QLatin1String(share_keys::kIndexStride), double(stride * active));
    if (!hasWork)
        o.insert(QLatin1String(share_keys::kEmpty), true);
    return o;
}

} // namespace coroscope
