#include "fleet/ProfileShare.h"

#include "profile/ProfileValidator.h"
#include "workloads/WorkloadShare.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace coroscope {

std::optional<RunSpec> ProfileShare::make(const QByteArray &profileText, int part, int parts, double durationSeconds,
                                          QString *error)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(profileText, &parseError);
    if (!doc.isObject()) {
        *error = tr("the published profile is not a JSON object: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (part < 0 || part >= parts) {
        *error = tr("part %1 of %2 is not a part").arg(part).arg(parts);
        return std::nullopt;
    }
    QJsonObject top = doc.object();
    QJsonArray workloads;
    for (const QJsonValue &w : top.value(QStringLiteral("workloads")).toArray())
        workloads.append(w.isObject() ? QJsonValue(workloadShare(w.toObject(), part, parts)) : w);
    top.insert(QStringLiteral("workloads"), workloads);
    const ProfileLoader::Result checked =
        ProfileValidator::checkText(QJsonDocument(top).toJson(QJsonDocument::Compact), QStringLiteral("fleet"));
    if (!checked.ok()) {
        *error = checked.errorText(QStringLiteral("the published profile"));
        return std::nullopt;
    }
    RunSpec spec = *checked.spec;
    if (durationSeconds > 0)
        spec.durationSeconds = durationSeconds;
    return spec;
}

} // namespace coroscope
