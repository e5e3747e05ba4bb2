#pragma once

#include "core/JsonReader.h"
#include "core/RunSpec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace coroscope {

// Reads a profile (JSON, schemaVersion 1) into a RunSpec: the top level, `run`, the common keys of
// every workload and the rules. Type-specific workload keys are checked by the WorkloadRegistry.
class ProfileLoader
{
    Q_DECLARE_TR_FUNCTIONS(ProfileLoader)
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

    struct Result {
        std::optional<RunSpec> spec;
        QList<JsonIssue> issues; // errors and warnings, in document order

        bool ok() const { return spec.has_value(); }
        QString errorText(const QString &file) const; // one line per error, "FILE: path: message"
        QStringList warnings(const QString &file) const;
    };

    static Result loadFile(const QString &path);
    static Result parse(const QByteArray &data, const QString &sourceName);
};

} // namespace coroscope
