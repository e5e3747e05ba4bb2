#include "core/JsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace coroscope {

JsonReader::JsonReader(QJsonObject object, QString path, QList<JsonIssue> *issues)
    : m_object(std::move(object)), m_path(std::move(path)), m_issues(issues)
{}

QString JsonReader::path(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

QString JsonReader::describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) && std::fabs(d) < 1e15 ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::String: {
        QString s = v.toString();
        if (s.size() > 60)
            s = s.left(57) + QStringLiteral("...");
        return u'"' + s + u'"';
    }
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

void JsonReader::error(const QString &key, const QString &message)
{
    m_issues->append(JsonIssue{path(key), message, false});
}

qint64 JsonReader::integer(const QString &key, qint64 def, qint64 min, qint64 max)
{
    m_read.insert(key);
    if (!m_object.contains(key))
        return def;
    const QJsonValue v = m_object.value(key);
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max)) {
        error(key, tr("expected an integer from %1 to %2, found %3").arg(min).arg(max).arg(describe(v)));
        return def;
    }
    return qint64(d);
}

double JsonReader::number(const QString &key, double def, double min, double max)
{
    m_read.insert(key);
    if (!m_object.contains(key))
        return def;
    const QJsonValue v = m_object.value(key);
    if (!v.isDouble() || !(v.toDouble() >= min && v.toDouble() <= max)) {
        error(key, tr("expected a number from %1 to %2, found %3").arg(min).arg(max).arg(describe(v)));
        return def;
    }
    return v.toDouble();
}

std::optional<QJsonValue> JsonReader::present(const QString &key, QJsonValue::Type type, const QString &expected,
                                              bool required)
{
    m_read.insert(key);
    if (!m_object.contains(key)) {
        if (required)
            error(key, tr("%1, found nothing (the key is required)").arg(expected));
        return std::nullopt;
    }
    const QJsonValue v = m_object.value(key);
    if (v.type() != type) {
        error(key, tr("%1, found %2").arg(expected, describe(v)));
        return std::nullopt;
    }
    return v;
}

bool JsonReader::boolean(const QString &key, bool def)
{
    const auto v = present(key, QJsonValue::Bool, tr("expected true or false"));
    return v ? v->toBool() : def;
}

QString JsonReader::string(const QString &key, const QString &def, bool required)
{
    const auto v = present(key, QJsonValue::String, tr("expected a string"), required);
    return v ? v->toString() : def;
}

QString JsonReader::choice(const QString &key, const QStringList &allowed, const QString &def)
{
    const bool present = m_object.contains(key);
    const QString s = string(key, def);
    if (present && m_object.value(key).isString() && !allowed.contains(s)) {
        error(
            key,
            tr("expected one of %1, found %2").arg(allowed.join(QStringLiteral(", ")), describe(m_object.value(key))));
        return def;
    }
    return s;
}

Distribution JsonReader::distribution(const QString &key, const Distribution &def, double min, double max)
{
    m_read.insert(key);
    if (!m_object.contains(key))
        return def;
    const QJsonValue v = m_object.value(key);
    if (v.isDouble()) { // a bare number is shorthand for a fixed value
        return Distribution::fixed(number(key, 0, min, max));
    }
    if (!v.isObject()) {
        error(key, tr("expected a number or a distribution object, found %1").arg(describe(v)));
        return def;
    }
    JsonReader d(v.toObject(), path(key), m_issues);
    const qsizetype before = m_issues->size();
    const QString dist = d.choice(
        QStringLiteral("dist"),
        {QStringLiteral("fixed"), QStringLiteral("list"), QStringLiteral("uniform"), QStringLiteral("exponential")},
        QString());
    Distribution out = def;
    if (dist.isEmpty()) {
        if (!d.has(QStringLiteral("dist")))
            d.error(QStringLiteral("dist"), QStringLiteral("expected one of fixed, list, uniform, exponential, "
                                                           "found nothing (the key is required)"));
    } else if (dist == QLatin1String("fixed")) {
        out = Distribution::fixed(d.number(QStringLiteral("value"), min, min, max));
    } else if (dist == QLatin1String("uniform")) {
        const double a = d.number(QStringLiteral("min"), min, min, max);
        // Without `max` the range would silently be the single value `min`: refused, not guessed.
        if (!d.has(QStringLiteral("max")))
            d.error(QStringLiteral("max"), tr("expected a number (a uniform distribution needs max), found nothing"));
        const double b = d.number(QStringLiteral("max"), a, min, max);
        if (b < a)
            d.error(QStringLiteral("max"), tr("expected a number not below min (%1), found %2").arg(a).arg(b));
        out = Distribution::uniform(a, b);
    } else if (dist == QLatin1String("exponential")) {
        out = Distribution::exponential(d.number(QStringLiteral("mean"), 1, min, max));
    } else {
        d.m_read.insert(QStringLiteral("values"));
        const QJsonValue values = d.object().value(QStringLiteral("values"));
        QList<double> list;
        if (!values.isArray() || values.toArray().isEmpty()) {
            d.error(QStringLiteral("values"),
                    tr("expected a non-empty array of numbers, found %1").arg(describe(values)));
        } else {
            const QJsonArray a = values.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QJsonValue e = a.at(i);
                if (!e.isDouble() || e.toDouble() < min || e.toDouble() > max) {
                    m_issues->append(
                        JsonIssue{d.path(QStringLiteral("values")) + u'[' + QString::number(i) + u']',
                                  tr("expected a number from %1 to %2, found %3").arg(min).arg(max).arg(describe(e))});
                    continue;
                }
                list << e.toDouble();
            }
            if (!list.isEmpty())
                out = Distribution::list(list);
        }
    }
    d.warnUnknownKeys();
    return m_issues->size() > before && !m_issues->last().warning ? def : out;
}

QJsonValue JsonReader::value(const QString &key)
{
    m_read.insert(key);
    return m_object.value(key);
}

JsonReader JsonReader::child(const QString &key)
{
    m_read.insert(key);
    const QJsonValue v = m_object.value(key);
    if (m_object.contains(key) && !v.isObject())
        error(key, tr("expected an object, found %1").arg(describe(v)));
    return JsonReader(v.toObject(), path(key), m_issues);
}

void JsonReader::warnUnknownKeys()
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!m_read.contains(it.key()))
            m_issues->append(JsonIssue{path(it.key()), tr("unknown key: not used, kept when saved"), true});
    }
}

} // namespace coroscope
