#include "profile/ProfileValidator.h"

#include "workloads/WorkloadRegistry.h"

#include <QSet>

namespace coroscope {

ProfileLoader::Result ProfileValidator::checkFile(const QString &path)
{
    return withSpecChecked(ProfileLoader::loadFile(path));
}

ProfileLoader::Result ProfileValidator::checkText(const QByteArray &data, const QString &sourceName)
{
    return withSpecChecked(ProfileLoader::parse(data, sourceName));
}

ProfileLoader::Result ProfileValidator::withSpecChecked(ProfileLoader::Result loaded)
{
    if (!loaded.ok())
        return loaded;
    const QList<JsonIssue> issues = checkSpec(*loaded.spec);
    loaded.issues += issues;
    for (const JsonIssue &i : issues) {
        if (!i.warning) {
            loaded.spec.reset();
            break;
        }
    }
    return loaded;
}

QList<JsonIssue> ProfileValidator::checkSpec(const RunSpec &spec)
{
    QList<JsonIssue> issues;
    QSet<QString> disabled;
    bool anyEnabled = false;
    for (const WorkloadSpec &w : spec.workloads) {
        if (!w.enabled) {
            disabled.insert(w.name);
            continue;
        }
        anyEnabled = true;
        WorkloadRegistry::validate(w, &issues);
    }
    if (!anyEnabled)
        issues << JsonIssue{QStringLiteral("workloads"), tr("expected at least one enabled workload, found none")};
    for (qsizetype i = 0; i < spec.rules.size(); ++i) {
        if (disabled.contains(spec.rules[i].workload))
            issues << JsonIssue{
                QStringLiteral("rules[%1].workload").arg(i),
                tr("the workload \"%1\" is disabled: this rule will report it missing").arg(spec.rules[i].workload),
                true};
    }
    return issues;
}

} // namespace coroscope
