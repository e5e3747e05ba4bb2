#include "core/LatencyHistogram.h"

#include "support/DataRows.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

using coroscope::LatencyHistogram;

namespace {

// The distributions the samples are drawn from.
enum class Shape { LogUniform, Exponential, Uniform, Bimodal };

qint64 exactQuantile(const std::vector<qint64> &sorted, double q)
{
    const size_t rank = std::max<size_t>(1, size_t(std::ceil(q * double(sorted.size()))));
    return sorted[rank - 1];
}
} // namespace

Q_DECLARE_METATYPE(Shape)

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void percentilesMatchExactValues_data()
    {
        coroscope::testing::DataRows<Shape, int>("shape", "samples")
            .row("log-uniform 1us..1h", Shape::LogUniform, 200000)
            .row("exponential mean 5ms", Shape::Exponential, 100000)
            .row("uniform 10..20ms", Shape::Uniform, 100000)
            .row("bimodal 1ms and 2s", Shape::Bimodal, 50000)
            .row("few samples", Shape::Uniform, 7);
    }

    void percentilesMatchExactValues()
    {
        QFETCH(Shape, shape);
        QFETCH(int, samples);
        QRandomGenerator rng(42);
        std::vector<qint64> values;
        values.reserve(size_t(samples));
        LatencyHistogram h;
        for (int i = 0; i < samples; ++i) {
            double v = 0;
            switch (shape) {
            case Shape::LogUniform:
                v = std::exp(std::log(1e3) + (std::log(3.6e12) - std::log(1e3)) * rng.generateDouble());
                break;
            case Shape::Exponential:
                v = -5e6 * std::log(1.0 - rng.generateDouble());
                break;
            case Shape::Uniform:
                v = 10e6 + 10e6 * rng.generateDouble();
                break;
            case Shape::Bimodal:
                v = (i % 2 ? 1e6 : 2e9) * (1.0 + 0.05 * rng.generateDouble());
                break;
            }
            const qint64 ns = std::max<qint64>(1000, qint64(v));
            values.push_back(ns);
            h.record(ns);
        }
        std::sort(values.begin(), values.end());
        QCOMPARE(h.count(), qint64(samples));
        QCOMPARE(h.maxNs(), values.back());
        QCOMPARE(h.minNs(), values.front());
        for (double q : {0.5, 0.9, 0.99, 0.999}) {
            const double exact = double(exactQuantile(values, q));
            const double got = double(h.quantileNs(q));
            const double error = std::fabs(got - exact) / exact;
            if (error > 0.01)
                QFAIL(
                    qPrintable(QStringLiteral("q=%1 exact %2 got %3 error %4").arg(q).arg(exact).arg(got).arg(error)));
        }
        double sum = 0;
        for (qint64 v : values)
            sum += double(v);
        QVERIFY(std::fabs(h.meanNs() - sum / samples) / (sum / samples) < 1e-9);
    }

    void bucketsAreContiguousAndNarrow()
    {
        for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
            const qint64 lo = LatencyHistogram::bucketLowerBound(i);
            const qint64 hi = LatencyHistogram::bucketUpperBound(i);
            QVERIFY(hi > lo);
            if (i + 1 < LatencyHistogram::kBucketCount)
                QCOMPARE(LatencyHistogram::bucketLowerBound(i + 1), hi);
            QCOMPARE(LatencyHistogram::bucketIndex(lo), i);
            QCOMPARE(LatencyHistogram::bucketIndex(hi - 1), i);
            if (lo >= 256)
                QVERIFY(double(hi - lo) / double(lo) <= 1.0 / 128 + 1e-12);
        }
        // One hour is inside the range.
        QVERIFY(LatencyHistogram::bucketUpperBound(LatencyHistogram::kBucketCount - 1) > 3600LL * 1'000'000'000);
    }

    void mergeEqualsRecordingEverything()
    {
        QRandomGenerator rng(7);
        LatencyHistogram a, b, all;
        for (int i = 0; i < 20000; ++i) {
            const qint64 v = qint64(rng.bounded(1, 50'000'000));
            (i % 3 ? a : b).record(v);
            all.record(v);
        }
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QCOMPARE(a.maxNs(), all.maxNs());
        QCOMPARE(a.minNs(), all.minNs());
        for (double q : {0.1, 0.5, 0.99, 0.9999})
            QCOMPARE(a.quantileNs(q), all.quantileNs(q));
    }

    void emptyAndClamped()
    {
        LatencyHistogram h;
        QCOMPARE(h.quantileNs(0.99), qint64(0));
        QCOMPARE(h.meanNs(), 0.0);
        h.record(-5);
        QCOMPARE(h.minNs(), qint64(0));
        h.record(std::numeric_limits<qint64>::max() / 2);
        QCOMPARE(h.count(), qint64(2));
        QCOMPARE(LatencyHistogram::bucketIndex(std::numeric_limits<qint64>::max() / 2),
                 LatencyHistogram::kBucketCount - 1);
        h.reset();
        QCOMPARE(h.count(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latency_histogram.moc"
