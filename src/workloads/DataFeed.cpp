#include "workloads/DataFeed.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QUrl>

#include <algorithm>
#include <utility>

namespace coroscope {

namespace {

QString at(const QString &name, qint64 line)
{
    return QStringLiteral("%1:%2: ").arg(name).arg(line);
}

// One value of a JSON Lines object as a field: strings as they are, anything else as compact JSON.
QByteArray fieldOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().toUtf8();
    if (v.isNull() || v.isUndefined())
        return QByteArray();
    const QByteArray json = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return json.mid(1, json.size() - 2);
}

} // namespace

QByteArray DataFeed::field(qint64 row, int column) const
{
    const size_t k = size_t(row) * size_t(m_columns.size()) + size_t(column);
    return m_data.mid(m_offsets[k], m_offsets[k + 1] - m_offsets[k]);
}

bool DataFeed::setColumns(const QStringList &columns, const QString &where, QString *error)
{
    if (columns.size() > kMaxColumns) {
        *error = where + tr("%1 columns; a data file may have at most %2").arg(columns.size()).arg(kMaxColumns);
        return false;
    }
    for (const QString &c : columns) {
        if (c.isEmpty() || c.contains(u'{') || c.contains(u'}')) {
            *error = where + tr("expected column names without braces, found \"%1\"").arg(c);
            return false;
        }
        if (c == QLatin1String("i")) {
            *error = where + tr("a column may not be named \"i\": {i} is the request's index");
            return false;
        }
        if (columns.count(c) > 1) {
            *error = where + tr("the column \"%1\" appears twice").arg(c);
            return false;
        }
    }
    m_columns = columns;
    m_offsets.assign(1, 0);
    return true;
}

bool DataFeed::addRow(const QList<QByteArray> &fields)
{
    if (m_rows >= kMaxRows)
        return false;
    for (const QByteArray &f : fields) {
        m_data += f;
        m_offsets.push_back(quint32(m_data.size()));
    }
    ++m_rows;
    return true;
}

std::shared_ptr<DataFeed> DataFeed::parseCsv(const QByteArray &text, const QString &name, QString *error)
{
    auto feed = std::make_shared<DataFeed>();
    const qsizetype size = text.size();
    qsizetype pos = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    qint64 line = 1;
    bool haveHeader = false;
    QList<QByteArray> fields;
    while (pos < size) {
        const qint64 recordLine = line;
        fields.clear();
        // One record: fields up to a line break outside quotes.
        for (;;) {
            QByteArray field;
            if (pos < size && text[pos] == '"') {
                const qint64 openedOn = line;
                ++pos;
                for (;;) {
                    if (pos >= size) {
                        *error = at(name, openedOn) + tr("a quoted field is not closed");
                        return nullptr;
                    }
                    const char c = text[pos++];
                    if (c == '"') {
                        if (pos < size && text[pos] == '"') {
                            field += '"';
                            ++pos;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++line;
                    field += c;
                }
                if (pos < size && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
                    *error = at(name, line) + tr("expected a comma or the end of the line after a closing quote");
                    return nullptr;
                }
            } else {
                const qsizetype start = pos;
                while (pos < size && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
                    ++pos;
                field = text.mid(start, pos - start);
            }
            fields << field;
            if (pos < size && text[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < size && text[pos] == '\r')
                ++pos;
            if (pos < size && text[pos] == '\n') {
                ++pos;
                ++line;
            }
            break;
        }
        if (fields.size() == 1 && fields[0].isEmpty())
            continue; // a blank line
        if (!haveHeader) {
            QStringList columns;
            for (const QByteArray &f : std::as_const(fields))
                columns << QString::fromUtf8(f).trimmed();
            if (!feed->setColumns(columns, at(name, recordLine), error))
                return nullptr;
            haveHeader = true;
            continue;
        }
        if (fields.size() != feed->m_columns.size()) {
            *error = at(name, recordLine) + tr("expected %1 fields, as the header row has, found %2")
                                                .arg(feed->m_columns.size())
                                                .arg(fields.size());
            return nullptr;
        }
        if (!feed->addRow(fields)) {
            *error = at(name, recordLine) + tr("more than %1 rows; a data file may have at most that").arg(kMaxRows);
            return nullptr;
        }
    }
    if (!haveHeader) {
        *error = name + tr(": expected a header row naming the columns, found an empty file");
        return nullptr;
    }
    return feed;
}

std::shared_ptr<DataFeed> DataFeed::parseJsonLines(const QByteArray &text, const QString &name, QString *error)
{
    auto feed = std::make_shared<DataFeed>();
    qint64 line = 0;
    qsizetype pos = 0;
    bool haveColumns = false;
    QList<QByteArray> fields;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0)
            end = text.size();
        const QByteArray content = text.mid(pos, end - pos).trimmed();
        pos = end + 1;
        ++line;
        if (content.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(content, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = at(name, line) + tr("not valid JSON: %1").arg(parseError.errorString());
            return nullptr;
        }
        if (!doc.isObject()) {
            *error = at(name, line) + tr("expected one JSON object per line");
            return nullptr;
        }
        const QJsonObject o = doc.object();
        if (!haveColumns) {
            if (!feed->setColumns(o.keys(), at(name, line), error))
                return nullptr;
            haveColumns = true;
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!feed->m_columns.contains(it.key())) {
                *error = at(name, line) + tr("the key \"%1\" is not among the first line's keys (%2)")
                                              .arg(it.key(), feed->m_columns.join(QStringLiteral(", ")));
                return nullptr;
            }
        }
        fields.clear();
        for (const QString &c : std::as_const(feed->m_columns))
            fields << fieldOf(o.value(c));
        if (!feed->addRow(fields)) {
            *error = at(name, line) + tr("more than %1 rows; a data file may have at most that").arg(kMaxRows);
            return nullptr;
        }
    }
    if (!haveColumns) {
        *error = name + tr(": expected JSON objects, one per line, found an empty file");
        return nullptr;
    }
    return feed;
}

std::shared_ptr<const DataFeed> DataFeed::parse(const QByteArray &text, const QString &name, bool jsonLines,
                                                QString *error)
{
    if (text.size() > kMaxFileBytes) {
        *error = name + tr(": %1 bytes; a data file may have at most %2").arg(text.size()).arg(kMaxFileBytes);
        return nullptr;
    }
    std::shared_ptr<DataFeed> feed = jsonLines ? parseJsonLines(text, name, error) : parseCsv(text, name, error);
    if (feed && feed->m_rows == 0) {
        *error = name + tr(": no rows after the %1").arg(jsonLines ? tr("first line") : tr("header row"));
        return nullptr;
    }
    return feed;
}

std::shared_ptr<const DataFeed> DataFeed::load(const QString &path, QString *error)
{
    // One file remembered: a profile is checked on every keystroke in the editor, and then built.
    static QMutex cacheLock;
    static QString cachedPath;
    static qint64 cachedSize = -1;
    static QDateTime cachedTime;
    static std::shared_ptr<const DataFeed> cached;

    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = path + (info.exists() ? tr(": not a regular file") : tr(": no such file"));
        return nullptr;
    }
    if (info.size() > kMaxFileBytes) {
        *error = path + tr(": %1 bytes; a data file may have at most %2").arg(info.size()).arg(kMaxFileBytes);
        return nullptr;
    }
    const QString absolute = info.absoluteFilePath();
    {
        QMutexLocker lock(&cacheLock);
        if (cached && cachedPath == absolute && cachedSize == info.size() && cachedTime == info.lastModified())
            return cached;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = path + tr(": cannot read the file: %1").arg(f.errorString());
        return nullptr;
    }
    const QByteArray text = f.read(kMaxFileBytes + 1);
    const QString suffix = info.suffix().toLower();
    bool jsonLines = suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson");
    if (suffix != QLatin1String("csv") && !jsonLines)
        jsonLines = text.trimmed().startsWith('{'); // no telling extension: by content
    auto feed = parse(text, path, jsonLines, error);
    if (feed) {
        QMutexLocker lock(&cacheLock);
        cachedPath = absolute;
        cachedSize = info.size();
        cachedTime = info.lastModified();
        cached = feed;
    }
    return feed;
}

DataFeed::Template DataFeed::compile(const QByteArray &text, QStringList *unknown) const
{
    Template t;
    QByteArray literal;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf('{', pos);
        const qsizetype close = open < 0 ? -1 : text.indexOf('}', open + 1);
        if (close < 0) {
            literal += text.mid(pos);
            break;
        }
        literal += text.mid(pos, open - pos);
        const QString name = QString::fromUtf8(text.mid(open + 1, close - open - 1));
        const int column = name == QLatin1String("i") ? -2 : int(m_columns.indexOf(name));
        if (column == -1) {
            // Not a placeholder: keep the brace and look again from the next byte (JSON: {"a": {b}}).
            if (unknown && !name.isEmpty() && !name.contains(u'"') && !name.contains(u'{') && !name.contains(u':') &&
                !name.contains(u' '))
                *unknown << name;
            literal += '{';
            pos = open + 1;
            continue;
        }
        if (!literal.isEmpty())
            t.push_back(Piece{-1, std::exchange(literal, QByteArray())});
        t.push_back(Piece{column, {}});
        pos = close + 1;
    }
    if (!literal.isEmpty())
        t.push_back(Piece{-1, literal});
    return t;
}

QByteArray DataFeed::expand(const Template &t, qint64 row, quint64 index, Encoding encoding) const
{
    QByteArray out;
    for (const Piece &p : t) {
        if (p.column == -1)
            out += p.literal;
        else if (p.column == -2)
            out += index == kKeepIndex ? QByteArray("{i}") : QByteArray::number(index);
        else if (encoding == Encoding::Url)
            out += QUrl::toPercentEncoding(QString::fromUtf8(field(row, p.column)), "/");
        else
            out += field(row, p.column);
    }
    return out;
}

bool DataFeed::hasPlaceholders(const Template &t)
{
    return std::any_of(t.begin(), t.end(), [](const Piece &p) { return p.column != -1; });
}

QList<int> DataFeed::columnsOf(const Template &t)
{
    QList<int> out;
    for (const Piece &p : t) {
        if (p.column >= 0)
            out << p.column;
    }
    return out;
}

} // namespace coroscope
