// The fleet's delta format: what an agent encodes, the controller rebuilds exactly; whatever else a
// stream holds (truncations, flipped bits, random bytes, lies about sizes) is refused with a message
// and leaves the last good Snapshot untouched.
#include "core/SnapshotMerge.h"
#include "fleet/DeltaDecoder.h"
#include "fleet/DeltaEncoder.h"
#include "fleet/FleetProtocol.h"
#include "fleet/WireBytes.h"

#include <QElapsedTimer>
#include <QMap>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <array>

using namespace coroscope;

class TestFleetWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deltasRebuildTheAgentsSnapshot();
    void mergedAgentsEqualOneHistogramOfEverySample();
    void checksAndUrlsMergeAsTheAgentsSum();
    void garbageIsRefusedWithAMessage_data();
    void garbageIsRefusedWithAMessage();
    void fuzzedPayloadsNeverCrash();
    void lostOrRepeatedDeltaIsNamed();
    void streamRepliesOfTheWrongShapeAreRefused();
    void labelsAndNames_data();
    void labelsAndNames();
    void mergeCostPerAgent();
};

namespace {

const QList<QPair<QString, QString>> kWorkloads{{QStringLiteral("naps"), QStringLiteral("sleep")},
                                                {QStringLiteral("api"), QStringLiteral("http-fanout")}};

// A Snapshot as an agent's Run would publish it; `latencies` are recorded into workload `w`.
struct AgentSim {
    Snapshot s;
    AgentSim()
    {
        for (const auto &[name, type] : kWorkloads) {
            WorkloadSnapshot w;
            w.name = name;
            w.type = type;
            s.workloads.push_back(w);
        }
    }
    void finish(int w, qint64 latencyNs, TaskState state = TaskState::Succeeded)
    {
        s.workloads[size_t(w)].counts[stateIndex(state)] += 1;
        s.totals[stateIndex(state)] += 1;
        s.workloads[size_t(w)].created += 1;
        s.workloads[size_t(w)].histogram.record(latencyNs);
        if (w == 1)
            checkAndUrl(latencyNs, state,
                        (s.workloads[1].created % 3 == 0) ? QStringLiteral("/b") : QStringLiteral("/a"));
    }
    // What http-fanout's checks and per-URL breakdown would add for one answer of workload 1.
    void checkAndUrl(qint64 latencyNs, TaskState state, const QString &url)
    {
        WorkloadSnapshot &api = s.workloads[1];
        if (api.checks.isEmpty())
            api.checks = {{QStringLiteral("status"), 0, 0}, {QStringLiteral("bodyContains"), 0, 0}};
        (state == TaskState::Succeeded ? api.checks[0].passed : api.checks[0].failed) += 1;
        (latencyNs % 2 ? api.checks[1].passed : api.checks[1].failed) += 1;
        auto it = std::find_if(api.urls.begin(), api.urls.end(), [&](const UrlSummary &u) { return u.url == url; });
        if (it == api.urls.end()) {
            UrlSummary fresh;
            fresh.url = url;
            it = api.urls.insert(api.urls.end(), fresh);
        }
        (state == TaskState::Succeeded ? it->succeeded : state == TaskState::Failed ? it->failed : it->timedOut) += 1;
        auto h =
            it->histogram ? std::make_shared<LatencyHistogram>(*it->histogram) : std::make_shared<LatencyHistogram>();
        h->record(latencyNs);
        it->histogram = std::move(h);
    }
    SnapshotPtr tick(double elapsedS)
    {
        s.elapsedNs = qint64(elapsedS * 1e9);
        s.running = true;
        s.loopLag = {0.1, 0.5, 2.0, 0.3};
        s.workloads[1].errors[ErrorKind::ConnectionRefused] = {3, QStringLiteral("refused, 中文")};
        s.workloads[1].httpStatus[200] = s.workloads[1].counts[stateIndex(TaskState::Succeeded)];
        s.workloads[1].gauges[Gauge(0)] = 42.5;
        return std::make_shared<Snapshot>(s);
    }
};

// Three simulated agents, their encoders and the controller's decoders.
struct SimulatedFleet {
    std::vector<AgentSim> agents{3};
    std::vector<DeltaEncoder> encoders{3};
    std::vector<std::unique_ptr<DeltaDecoder>> decoders;
    SimulatedFleet()
    {
        for (size_t i = 0; i < agents.size(); ++i)
            decoders.push_back(std::make_unique<DeltaDecoder>(kWorkloads));
    }
    // Agent `a`'s Snapshot at `t` seconds, encoded and decoded as it would travel.
    bool send(size_t a, int t, QString *error)
    {
        return decoders[a]->apply(encoders[a].encode(*agents[a].tick(t)), error);
    }
    Snapshot merged() const
    {
        std::vector<SnapshotPtr> parts;
        for (const auto &d : decoders)
            parts.push_back(d->snapshot());
        return mergeSnapshots(parts, 100);
    }
};

QByteArray validPayload()
{
    AgentSim a;
    for (int i = 0; i < 50; ++i)
        a.finish(i % 2, 1'000'000 + i * 37'000);
    DeltaEncoder e;
    return e.encode(*a.tick(1));
}

} // namespace

void TestFleetWire::deltasRebuildTheAgentsSnapshot()
{
    AgentSim a;
    DeltaEncoder encoder;
    DeltaDecoder decoder(kWorkloads);
    QRandomGenerator rng(7);
    for (int t = 1; t <= 20; ++t) {
        for (int i = 0; i < 200; ++i)
            a.finish(int(rng.bounded(2)), qint64(rng.bounded(1'000, 900'000'000)),
                     i % 17 ? TaskState::Succeeded : TaskState::Failed);
        const SnapshotPtr sent = a.tick(t * 0.1);
        QString error;
        QVERIFY2(decoder.apply(encoder.encode(*sent), &error), qPrintable(error));
        const SnapshotPtr got = decoder.snapshot();
        QCOMPARE(got->totals, sent->totals);
        QCOMPARE(got->elapsedNs, sent->elapsedNs);
        QCOMPARE(got->loopLag.p99Ms, 0.5);
        for (size_t w = 0; w < sent->workloads.size(); ++w) {
            const WorkloadSnapshot &x = sent->workloads[w];
            const WorkloadSnapshot &y = got->workloads[w];
            QCOMPARE(y.counts, x.counts);
            QCOMPARE(y.histogram.count(), x.histogram.count());
            for (int b = 0; b < LatencyHistogram::kBucketCount; ++b)
                QCOMPARE(y.histogram.bucketCount(b), x.histogram.bucketCount(b));
            QCOMPARE(y.histogram.maxNs(), x.histogram.maxNs());
            QCOMPARE(y.histogram.minNs(), x.histogram.minNs());
            QCOMPARE(y.latency.p99Ms, x.histogram.quantileNs(0.99) / 1e6);
            QCOMPARE(y.httpStatus, x.httpStatus);
            QCOMPARE(y.gauges, x.gauges);
        }
        QCOMPARE(got->workloads[1].errors.value(ErrorKind::ConnectionRefused).count, 3);
        QCOMPARE(got->workloads[1].errors.value(ErrorKind::ConnectionRefused).lastMessage,
                 QStringLiteral("refused, 中文"));
        QCOMPARE(got->workloads[0].intervalHistogram.count() + got->workloads[1].intervalHistogram.count(), 200);
    }
}

void TestFleetWire::mergedAgentsEqualOneHistogramOfEverySample()
{
    SimulatedFleet fleet;
    std::vector<AgentSim> &agents = fleet.agents;
    LatencyHistogram everything;
    QRandomGenerator rng(11);
    for (int t = 1; t <= 5; ++t) {
        for (size_t a = 0; a < agents.size(); ++a) {
            for (int i = 0; i < 300; ++i) {
                const qint64 ns = qint64(rng.bounded(10'000, 50'000'000)) * qint64(a + 1);
                agents[a].finish(0, ns);
                everything.record(ns);
            }
            QString error;
            QVERIFY2(fleet.send(a, t, &error), qPrintable(error));
        }
    }
    const Snapshot merged = fleet.merged();
    QCOMPARE(merged.workloads[0].counts[stateIndex(TaskState::Succeeded)], 3 * 5 * 300);
    QCOMPARE(merged.workloads[0].histogram.count(), everything.count());
    for (double q : {0.5, 0.9, 0.99, 0.999})
        QCOMPARE(merged.workloads[0].histogram.quantileNs(q), everything.quantileNs(q));
    QCOMPARE(merged.workloads[0].histogram.maxNs(), everything.maxNs());
    QCOMPARE(merged.loopLagPerThread.size(), size_t(3));
}

void TestFleetWire::checksAndUrlsMergeAsTheAgentsSum()
{
    SimulatedFleet fleet;
    std::vector<AgentSim> &agents = fleet.agents;
    QRandomGenerator rng(5);
    for (int t = 1; t <= 6; ++t) {
        for (size_t a = 0; a < agents.size(); ++a) {
            for (int i = 0; i < 100; ++i)
                agents[a].finish(1, qint64(rng.bounded(10'000, 90'000'000)),
                                 i % 7 ? TaskState::Succeeded : TaskState::Failed);
            // A URL that appears mid-run, at one agent only: sent with its text once, then by id.
            if (t >= 4 && a == 2)
                agents[a].checkAndUrl(qint64(rng.bounded(10'000, 90'000'000)), TaskState::TimedOut,
                                      QStringLiteral("/late/中文"));
            QString error;
            QVERIFY2(fleet.send(a, t, &error), qPrintable(error));
        }
    }
    const Snapshot merged = fleet.merged();
    const WorkloadSnapshot &api = merged.workloads[1];

    // Every check's tallies and every URL's counts and histogram: the sum over the agents' own.
    QMap<QString, std::pair<qint64, qint64>> checks;
    QMap<QString, std::array<qint64, 3>> urls;
    QMap<QString, LatencyHistogram> urlHistograms;
    for (const AgentSim &a : agents) {
        for (const CheckTally &c : a.s.workloads[1].checks) {
            checks[c.name].first += c.passed;
            checks[c.name].second += c.failed;
        }
        for (const UrlSummary &u : a.s.workloads[1].urls) {
            urls[u.url][0] += u.succeeded;
            urls[u.url][1] += u.failed;
            urls[u.url][2] += u.timedOut;
            urlHistograms[u.url].merge(*u.histogram);
        }
    }
    QCOMPARE(api.checks.size(), checks.size());
    for (const CheckTally &c : api.checks) {
        QCOMPARE(c.passed, checks.value(c.name).first);
        QCOMPARE(c.failed, checks.value(c.name).second);
    }
    QCOMPARE(api.urls.size(), 3);
    for (const UrlSummary &u : api.urls) {
        QVERIFY2(urls.contains(u.url), qPrintable(u.url));
        QCOMPARE((std::array<qint64, 3>{u.succeeded, u.failed, u.timedOut}), urls.value(u.url));
        const LatencyHistogram &all = urlHistograms[u.url];
        QCOMPARE(u.histogram->count(), all.count());
        for (int b = 0; b < LatencyHistogram::kBucketCount; ++b)
            QCOMPARE(u.histogram->bucketCount(b), all.bucketCount(b));
        QCOMPARE(u.histogram->maxNs(), all.maxNs());
        QCOMPARE(u.latency.p99Ms, all.quantileNs(0.99) / 1e6);
    }
    QCOMPARE(urls.value(QStringLiteral("/late/中文"))[2], 3);
}

void TestFleetWire::garbageIsRefusedWithAMessage_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("expected");
    const QByteArray good = validPayload();
    QTest::newRow("empty") << QByteArray() << "truncated before the format version";
    QTest::newRow("format 1 (no checks, no URLs)") << QByteArray("\x01\x01", 2) << "delta format 1";
    QTest::newRow("other format") << QByteArray("\x09\x01", 2) << "delta format 9";
    QTest::newRow("truncated") << good.left(good.size() / 2) << "truncated";
    QTest::newRow("trailing bytes") << good + QByteArray("xyz") << "3 bytes left";
    QTest::newRow("endless varint") << QByteArray(1, char(DeltaEncoder::kFormatVersion)) + QByteArray(12, '\xff')
                                    << "longer than 64 bits";
    QTest::newRow("text") << QByteArray("hello, this is not a delta") << "delta format";
    WireWriter w;
    w.byte(DeltaEncoder::kFormatVersion);
    w.varint(1);
    w.varint(0);
    w.byte(0);
    for (int i = 0; i < 4; ++i)
        w.varint(0);
    w.varint(7);
    QTest::newRow("wrong workload count") << w.take() << "for 7 workloads, the run has 2";
    WireWriter big;
    big.byte(DeltaEncoder::kFormatVersion);
    big.varint(1);
    big.varint(quint64(1) << 63);
    QTest::newRow("absurd elapsed time") << big.take() << "the elapsed time is";
}

void TestFleetWire::garbageIsRefusedWithAMessage()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, expected);
    DeltaDecoder decoder(kWorkloads);
    const SnapshotPtr before = decoder.snapshot();
    QString error;
    QVERIFY(!decoder.apply(payload, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(decoder.snapshot(), before);
    QCOMPARE(decoder.applied(), quint64(0));
}

void TestFleetWire::fuzzedPayloadsNeverCrash()
{
    const QByteArray good = validPayload();
    QRandomGenerator rng(2026);
    int refused = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray p;
        switch (round % 4) {
        case 0: // flipped bytes
            p = good;
            for (int k = 0; k < 1 + int(rng.bounded(4)); ++k)
                p[qsizetype(rng.bounded(int(p.size())))] = char(rng.bounded(256));
            break;
        case 1: // cut anywhere
            p = good.left(qsizetype(rng.bounded(int(good.size()))));
            break;
        case 2: // random bytes behind a valid header
            p = good.left(3);
            for (int k = int(rng.bounded(200)); k > 0; --k)
                p.append(char(rng.bounded(256)));
            break;
        default: // pure noise
            for (int k = int(rng.bounded(300)); k > 0; --k)
                p.append(char(rng.bounded(256)));
        }
        DeltaDecoder decoder(kWorkloads);
        QString error;
        if (!decoder.apply(p, &error)) {
            ++refused;
            QVERIFY(!error.isEmpty());
            QCOMPARE(decoder.applied(), quint64(0));
        } else {
            // A change that still decodes must still be a consistent Snapshot.
            const SnapshotPtr s = decoder.snapshot();
            qint64 sum = 0;
            for (const WorkloadSnapshot &w : s->workloads)
                sum += w.done();
            QCOMPARE(s->totalDone(), sum);
        }
    }
    QVERIFY(refused > 10000);
}

void TestFleetWire::lostOrRepeatedDeltaIsNamed()
{
    AgentSim a;
    DeltaEncoder encoder;
    DeltaDecoder decoder(kWorkloads);
    a.finish(0, 5'000'000);
    const QByteArray first = encoder.encode(*a.tick(0.1));
    a.finish(0, 6'000'000);
    const QByteArray second = encoder.encode(*a.tick(0.2));
    a.finish(0, 7'000'000);
    const QByteArray third = encoder.encode(*a.tick(0.3));
    QString error;
    QVERIFY(decoder.apply(first, &error));
    QVERIFY(!decoder.apply(third, &error));
    QVERIFY2(error.contains(QLatin1String("delta 3 where 2 was expected")), qPrintable(error));
    QVERIFY(decoder.apply(second, &error));
    QVERIFY(!decoder.apply(second, &error));
    QVERIFY2(error.contains(QLatin1String("lost or repeated")), qPrintable(error));
    QVERIFY(decoder.apply(third, &error));
    QCOMPARE(decoder.snapshot()->workloads[0].histogram.count(), 3);
}

void TestFleetWire::streamRepliesOfTheWrongShapeAreRefused()
{
    QList<StreamEntry> entries;
    QString error;
    RespReply nil;
    QVERIFY(FleetProtocol::parseXread(nil, &entries, &error));
    QVERIFY(entries.isEmpty());
    RespReply status;
    status.type = RespReply::Type::Error;
    status.text = "WRONGTYPE Operation against a key holding the wrong kind of value";
    QVERIFY(!FleetProtocol::parseXread(status, &entries, &error));
    QVERIFY2(error.contains(QLatin1String("WRONGTYPE")), qPrintable(error));
    // One stream whose entry has an odd number of field strings.
    RespReply entry;
    entry.type = RespReply::Type::Array;
    RespReply id;
    id.type = RespReply::Type::Bulk;
    id.text = "1-0";
    RespReply fields;
    fields.type = RespReply::Type::Array;
    fields.elements << id;
    entry.elements << id << fields;
    RespReply list;
    list.type = RespReply::Type::Array;
    list.elements << entry;
    RespReply stream;
    stream.type = RespReply::Type::Array;
    stream.elements << id << list;
    RespReply top;
    top.type = RespReply::Type::Array;
    top.elements << stream;
    QVERIFY(!FleetProtocol::parseXread(top, &entries, &error));
    QVERIFY2(error.contains(QLatin1String("field/value pairs")), qPrintable(error));
    fields.elements << id;
    entry.elements[1] = fields;
    list.elements[0] = entry;
    stream.elements[1] = list;
    top.elements[0] = stream;
    QVERIFY2(FleetProtocol::parseXread(top, &entries, &error), qPrintable(error));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].fields.value("1-0"), QByteArray("1-0"));
}

void TestFleetWire::labelsAndNames_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << "zone=eu-west" << true;
    QTest::newRow("empty value") << "zone=" << true;
    QTest::newRow("no equals") << "zone" << false;
    QTest::newRow("empty key") << "=x" << false;
    QTest::newRow("space in key") << "my zone=x" << false;
}

void TestFleetWire::labelsAndNames()
{
    QFETCH(QString, label);
    QFETCH(bool, ok);
    QMap<QString, QString> labels;
    QString error;
    QCOMPARE(FleetProtocol::parseLabel(label, &labels, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    QVERIFY(FleetProtocol::validName(QStringLiteral("agent-1.eu_west")));
    QVERIFY(!FleetProtocol::validName(QStringLiteral("a,b")));
    QVERIFY(!FleetProtocol::validName(QString(65, u'a')));
}

// Not a speed assertion: prints what one agent's delta costs the controller per Snapshot (decode
// and merge), the figure docs/fleet.md turns into "agents one controller can follow at 10 Hz".
void TestFleetWire::mergeCostPerAgent()
{
    constexpr int kAgents = 16;
    constexpr int kTicks = 50;
    std::vector<AgentSim> agents(kAgents);
    std::vector<DeltaEncoder> encoders(kAgents);
    std::vector<std::unique_ptr<DeltaDecoder>> decoders;
    for (int i = 0; i < kAgents; ++i)
        decoders.push_back(std::make_unique<DeltaDecoder>(kWorkloads));
    QRandomGenerator rng(5);
    std::vector<std::vector<QByteArray>> payloads(kTicks, std::vector<QByteArray>(kAgents));
    for (int t = 0; t < kTicks; ++t) {
        for (int a = 0; a < kAgents; ++a) {
            for (int i = 0; i < 1000; ++i) // 10 000 tasks/s per agent
                agents[size_t(a)].finish(i % 2, qint64(rng.bounded(100'000, 200'000'000)));
            payloads[size_t(t)][size_t(a)] = encoders[size_t(a)].encode(*agents[size_t(a)].tick(t));
        }
    }
    QElapsedTimer clock;
    clock.start();
    qint64 bytes = 0;
    for (int t = 0; t < kTicks; ++t) {
        std::vector<SnapshotPtr> parts;
        for (int a = 0; a < kAgents; ++a) {
            QString error;
            QVERIFY2(decoders[size_t(a)]->apply(payloads[size_t(t)][size_t(a)], &error), qPrintable(error));
            bytes += payloads[size_t(t)][size_t(a)].size();
            parts.push_back(decoders[size_t(a)]->snapshot());
        }
        const Snapshot merged = mergeSnapshots(parts, 1000);
        QCOMPARE(merged.totalDone(), qint64(kAgents) * 1000 * (t + 1));
    }
    const double usPerAgent = double(clock.nsecsElapsed()) / 1000.0 / (kTicks * kAgents);
    qInfo("fleet merge: %.1f us per agent per snapshot (decode + merge), %lld bytes per delta; "
          "at 10 Hz one core follows about %d agents",
          usPerAgent, bytes / (kTicks * kAgents), int(100'000 / usPerAgent));
}

QTEST_GUILESS_MAIN(TestFleetWire)
#include "tst_fleet_wire.moc"
