#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace coroscope {

// The order in which a JSON text gives the keys of each of its objects, and a writer that keeps it:
// QJsonObject sorts its keys, so saving a loaded profile through it turns a one-field change into a
// reordered file. Keys the text did not have come after the known ones (sorted). The layout is
// QJsonDocument::Indented's, byte for byte, so a file Qt wrote keeps its bytes.
class JsonKeyOrder
{
public:
    JsonKeyOrder() = default;
    // The text must be valid JSON (it was loaded); anything after an error is ignored.
    static JsonKeyOrder of(const QByteArray &jsonText);

    QByteArray write(const QJsonObject &document) const;
    bool isEmpty() const { return m_keys.isEmpty(); }

private:
    void writeValue(QByteArray &out, const QJsonValue &value, const QString &path, int depth) const;
    QStringList orderedKeys(const QJsonObject &object, const QString &path) const;

    QHash<QString, QStringList> m_keys; // by object path: "" is the root, then "\x1f" + key or index per level
};

} // namespace coroscope
