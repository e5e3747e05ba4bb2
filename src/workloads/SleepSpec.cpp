#include "workloads/SleepSpec.h"

#include "core/JsonReader.h"

namespace coroscope {

namespace {
constexpr double kMaxDelayMs = 3600.0 * 1000 * 24;
} // namespace

SleepSpec SleepSpec::read(JsonReader &r)
{
    SleepSpec s;
    s.tasks = r.integer(QStringLiteral("tasks"), s.tasks, 1, 10'000'000);
    s.concurrency = r.integer(QStringLiteral("concurrency"), s.concurrency, 0, 10'000'000);
    s.delayMs = r.distribution(QStringLiteral("delayMs"), s.delayMs, 0, kMaxDelayMs);
    s.timeoutMs = r.integer(QStringLiteral("timeoutMs"), s.timeoutMs, 0, qint64(kMaxDelayMs));
    s.mode = completionModeFromKey(r.choice(QStringLiteral("mode"), completionModeKeys(), QStringLiteral("all")));
    return s;
}

} // namespace coroscope
