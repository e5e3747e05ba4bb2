#include "core/PassFailRule.h"

#include <QLocale>

namespace coroscope {

QString PassFailRule::text() const
{
    const QString who = workload.isEmpty() ? QStringLiteral("total") : workload;
    // The value as written in the profile: 1000000, not 1e+06.
    return who + u' ' + metric + u' ' + op + u' ' + QString::number(value, 'f', QLocale::FloatingPointShortest);
}

QStringList PassFailRule::metrics()
{
    return {QStringLiteral("p50_ms"),    QStringLiteral("p90_ms"),         QStringLiteral("p95_ms"),
            QStringLiteral("p99_ms"),    QStringLiteral("p999_ms"),        QStringLiteral("max_ms"),
            QStringLiteral("mean_ms"),   QStringLiteral("error_rate"),     QStringLiteral("throughput"),
            QStringLiteral("succeeded"), QStringLiteral("failed"),         QStringLiteral("timed_out"),
            QStringLiteral("cancelled"), QStringLiteral("loop_lag_p99_ms")};
}

QStringList PassFailRule::operators()
{
    return {QStringLiteral("<"), QStringLiteral("<="), QStringLiteral(">"), QStringLiteral(">=")};
}

} // namespace coroscope
