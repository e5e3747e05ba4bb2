#include "workloads/ItemWork.h"

#include "core/JsonReader.h"
#include "workloads/CpuWork.h"
#include "workloads/HttpWork.h"
#include "workloads/NoneWork.h"
#include "workloads/PostgresWork.h"
#include "workloads/SleepWork.h"

#include <QCoroTask>

namespace coroscope {

namespace {

using Reader = std::shared_ptr<ItemWork> (*)(JsonReader &work);

struct KindEntry {
    const char *kind;
    Reader read;
};

// The one table of work kinds: a new sink adds its line here (and its keys to docs/profile-format.md).
const KindEntry kKinds[] = {
    {"none", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return NoneWork::read(w); }},
    {"sleep", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return SleepWork::read(w); }},
    {"cpu", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return CpuWork::read(w, CpuWork::Where::ThreadPool); }},
    {"cpu-inline", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return CpuWork::read(w, CpuWork::Where::Loop); }},
    {"http", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return HttpWork::read(w); }},
    {"postgres", [](JsonReader &w) -> std::shared_ptr<ItemWork> { return PostgresWork::read(w); }},
};

} // namespace

QCoro::Task<QString> ItemWork::prepare(LoopScheduler *, CancellationToken *, qint64)
{
    co_return QString();
}

QStringList ItemWork::kinds()
{
    QStringList out;
    for (const KindEntry &k : kKinds)
        out << QString::fromLatin1(k.kind);
    return out;
}

std::shared_ptr<ItemWork> ItemWork::fromProfile(JsonReader &work)
{
    const QString kind = work.choice(QStringLiteral("kind"), kinds(), QStringLiteral("none"));
    for (const KindEntry &k : kKinds) {
        if (kind == QLatin1String(k.kind)) {
            std::shared_ptr<ItemWork> made = k.read(work);
            work.warnUnknownKeys();
            return made;
        }
    }
    return nullptr; // choice() reported the unknown kind
}

} // namespace coroscope
