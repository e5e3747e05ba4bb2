#include "profile/JsonKeyOrder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

#include <cmath>

namespace coroscope {

namespace {

constexpr QChar kSeparator(0x1f);

QString childPath(const QString &parent, const QString &step)
{
    return parent + kSeparator + step;
}

// Decodes the JSON string that starts at text[i] (the opening quote); i ends after the closing quote.
QString readString(const QByteArray &text, qsizetype &i)
{
    QByteArray raw;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            raw += text[i++];
        raw += text[i];
    }
    ++i;
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    // Escapes are rare in keys: let the JSON parser decode them.
    const QJsonArray decoded = QJsonDocument::fromJson("[\"" + raw + "\"]").array();
    return decoded.isEmpty() ? QString::fromUtf8(raw) : decoded.first().toString();
}

void writeString(QByteArray &out, const QString &s)
{
    out += '"';
    for (const char c : s.toUtf8()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (uchar(c) < 0x20)
                out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
}

void writeNumber(QByteArray &out, double d)
{
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    // Integers as integers (Qt keeps them so when it parses them), others in their shortest form.
    if (d == std::floor(d) && std::abs(d) < 9007199254740992.0)
        out += QByteArray::number(qint64(d));
    else
        out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

} // namespace

JsonKeyOrder JsonKeyOrder::of(const QByteArray &text)
{
    struct Frame {
        bool object = false;
        QString path;
        qsizetype index = 0;
        QString key;
        bool expectKey = true;
    };
    JsonKeyOrder order;
    QList<Frame> stack;
    const auto pathOfNext = [&stack]() {
        if (stack.isEmpty())
            return QString();
        const Frame &top = stack.last();
        return childPath(top.path, top.object ? top.key : QString::number(top.index));
    };
    for (qsizetype i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '{' || c == '[') {
            Frame frame;
            frame.object = c == '{';
            frame.path = pathOfNext();
            stack.append(frame);
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
            ++i;
        } else if (c == ',') {
            if (!stack.isEmpty()) {
                stack.last().expectKey = true;
                ++stack.last().index;
            }
            ++i;
        } else if (c == ':') {
            if (!stack.isEmpty())
                stack.last().expectKey = false;
            ++i;
        } else if (c == '"') {
            const QString s = readString(text, i);
            if (!stack.isEmpty() && stack.last().object && stack.last().expectKey) {
                stack.last().key = s;
                QStringList &keys = order.m_keys[stack.last().path];
                if (!keys.contains(s))
                    keys.append(s);
            }
        } else {
            ++i; // white space, numbers, true, false, null
        }
    }
    return order;
}

QStringList JsonKeyOrder::orderedKeys(const QJsonObject &object, const QString &path) const
{
    QStringList keys;
    for (const QString &k : m_keys.value(path)) {
        if (object.contains(k))
            keys.append(k);
    }
    const QSet<QString> known(keys.cbegin(), keys.cend());
    for (const QString &k : object.keys()) {
        if (!known.contains(k))
            keys.append(k);
    }
    return keys;
}

void JsonKeyOrder::writeValue(QByteArray &out, const QJsonValue &value, const QString &path, int depth) const
{
    const QByteArray indent(4 * (depth + 1), ' ');
    const QByteArray closingIndent(4 * depth, ' ');
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        out += "{\n";
        const QStringList keys = orderedKeys(o, path);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += indent;
            writeString(out, keys[i]);
            out += ": ";
            writeValue(out, o.value(keys[i]), childPath(path, keys[i]), depth + 1);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += closingIndent + '}';
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray a = value.toArray();
        out += "[\n";
        for (qsizetype i = 0; i < a.size(); ++i) {
            out += indent;
            writeValue(out, a.at(i), childPath(path, QString::number(i)), depth + 1);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += closingIndent + ']';
        break;
    }
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Double:
        writeNumber(out, value.toDouble());
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    default:
        out += "null";
    }
}

QByteArray JsonKeyOrder::write(const QJsonObject &document) const
{
    QByteArray out;
    writeValue(out, document, QString(), 0);
    out += '\n';
    return out;
}

} // namespace coroscope
