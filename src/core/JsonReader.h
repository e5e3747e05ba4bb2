#pragma once

#include "core/Distribution.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace coroscope {

struct JsonIssue {
    QString path;    // e.g. workloads[1].concurrency
    QString message; // what was expected, what was found
    bool warning = false;

    QString toString() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
};

// Typed, range-checked reads from one JSON object that remember the JSON path, so every complaint
// says where and what: "workloads[0].tasks: expected an integer from 1 to 10000000, found -3".
// Missing keys take the default; every key not read is reported as a warning.
class JsonReader
{
    Q_DECLARE_TR_FUNCTIONS(JsonReader)
public:
    JsonReader(QJsonObject object, QString path, QList<JsonIssue> *issues);

    bool has(const QString &key) const { return m_object.contains(key); }
    QString path(const QString &key) const;
    const QJsonObject &object() const { return m_object; }

    qint64 integer(const QString &key, qint64 def, qint64 min, qint64 max);
    double number(const QString &key, double def, double min, double max);
    bool boolean(const QString &key, bool def);
    QString string(const QString &key, const QString &def, bool required = false);
    QString choice(const QString &key, const QStringList &allowed, const QString &def);
    Distribution distribution(const QString &key, const Distribution &def, double min, double max);
    // The raw value, for arrays the caller walks itself; marks the key as read.
    QJsonValue value(const QString &key);
    // A nested object (empty when missing or of the wrong type, which is reported).
    JsonReader child(const QString &key);

    void error(const QString &key, const QString &message);
    void warnUnknownKeys();

    static QString describe(const QJsonValue &v);

private:
    // The value at key when it is there with the right type; otherwise an error "EXPECTED, found ..."
    // (a missing key is an error only when required) and nothing.
    std::optional<QJsonValue> present(const QString &key, QJsonValue::Type type, const QString &expected,
                                      bool required = false);

    QJsonObject m_object;
    QString m_path;
    QList<JsonIssue> *m_issues;
    QSet<QString> m_read;
};

} // namespace coroscope
