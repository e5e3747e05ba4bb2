#pragma once

#include "core/RunSpec.h"

#include <QJsonObject>

namespace coroscope {

// RunSpec -> profile JSON. Starts from the document the spec was loaded from, so keys this version
// does not know are kept; loading then saving gives the same document, its keys in the file's order.
class ProfileWriter
{
public:
    static QJsonObject toJson(const RunSpec &spec);
    static QByteArray toBytes(const RunSpec &spec);
    // Atomic (QSaveFile): a crash never leaves a half-written profile.
    static bool save(const QString &path, const RunSpec &spec, QString *error);
};

} // namespace coroscope
