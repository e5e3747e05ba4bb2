#include "fleet/FleetProtocol.h"

#include <QCoroTask>
#include <QRegularExpression>

namespace coroscope {

QString FleetProtocol::version()
{
    const QString fake = qEnvironmentVariable("COROSCOPE_FLEET_VERSION");
    return fake.isEmpty() ? QStringLiteral(COROSCOPE_VERSION) : fake;
}

bool FleetProtocol::validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return re.match(name).hasMatch();
}

bool FleetProtocol::parseLabel(const QString &text, QMap<QString, QString> *labels, QString *error)
{
    const qsizetype eq = text.indexOf(u'=');
    if (eq <= 0 || !validName(text.left(eq)) || text.size() - eq - 1 > 200) {
        *error = tr("expected key=value (a key of letters, digits, '.', '_' or '-'), found \"%1\"").arg(text);
        return false;
    }
    labels->insert(text.left(eq), text.mid(eq + 1));
    return true;
}

bool FleetProtocol::resolveAddress(const QString &urlFlag, const QString &url, const QString &passwordEnv,
                                   RedisAddress *out, QString *error)
{
    if (!RedisAddress::parse(url, out, error)) {
        *error = urlFlag + QStringLiteral(": ") + *error;
        return false;
    }
    if (passwordEnv.isEmpty())
        return true;
    if (!qEnvironmentVariableIsSet(qPrintable(passwordEnv))) {
        *error = tr("--password-env names %1, which is not set").arg(passwordEnv);
        return false;
    }
    out->password = qgetenv(qPrintable(passwordEnv));
    return true;
}

QCoro::Task<RedisConnection::Result> FleetProtocol::openBoth(RedisConnection *reader, RedisConnection *writer,
                                                             RedisAddress address)
{
    constexpr qint64 kConnectTimeoutMs = 3000;
    RedisConnection::Result r = co_await RedisConnection::open(writer, address, nullptr, kConnectTimeoutMs);
    if (r.ok)
        r = co_await RedisConnection::open(reader, address, nullptr, kConnectTimeoutMs);
    co_return r;
}

QList<QByteArray> FleetProtocol::setKey(const QByteArray &key, const QByteArray &value, int ttlMs, bool onlyIfAbsent)
{
    QList<QByteArray> c{"SET", key, value, "PX", QByteArray::number(ttlMs)};
    if (onlyIfAbsent)
        c << "NX";
    return c;
}

QList<QByteArray> FleetProtocol::getKey(const QByteArray &key)
{
    return {"GET", key};
}

QList<QByteArray> FleetProtocol::deleteKey(const QByteArray &key)
{
    return {"DEL", key};
}

QList<QByteArray> FleetProtocol::expireKey(const QByteArray &key, int seconds)
{
    return {"EXPIRE", key, QByteArray::number(seconds)};
}

QList<QByteArray> FleetProtocol::scanAgents(const QByteArray &cursor)
{
    return {"SCAN", cursor, "MATCH", agentKeyPrefix() + '*', "COUNT", "1000"};
}

QList<QByteArray> FleetProtocol::getKeys(const QList<QByteArray> &keys)
{
    return QList<QByteArray>{"MGET"} + keys;
}

QList<QByteArray> FleetProtocol::readAfter(const QByteArray &stream, const QByteArray &afterId, int count, int blockMs)
{
    return {"XREAD", "COUNT", QByteArray::number(count), "BLOCK", QByteArray::number(blockMs), "STREAMS",
            stream,  afterId};
}

QList<QByteArray> FleetProtocol::lastEntry(const QByteArray &stream)
{
    return {"XREVRANGE", stream, "+", "-", "COUNT", "1"};
}

QList<QByteArray> FleetProtocol::add(const QByteArray &stream, int maxLength, const QList<QByteArray> &fields)
{
    return QList<QByteArray>{"XADD",
                             stream,
                             "MAXLEN",
                             "~",
                             QByteArray::number(maxLength),
                             "*",
                             "v",
                             QByteArray::number(kProtocolVersion)} +
           fields;
}

bool FleetProtocol::parseRange(const RespReply &reply, QList<StreamEntry> *out, QString *error)
{
    if (reply.type != RespReply::Type::Array) {
        *error = tr("expected a list of stream entries from Redis, found %1")
                     .arg(reply.isError() ? QString::fromUtf8(reply.text) : tr("another reply"));
        return false;
    }
    for (const RespReply &e : reply.elements) {
        if (e.type != RespReply::Type::Array || e.elements.size() != 2 || e.elements[0].type != RespReply::Type::Bulk ||
            e.elements[1].type != RespReply::Type::Array || e.elements[1].elements.size() % 2) {
            *error = tr("a stream entry that is not an id and field/value pairs");
            return false;
        }
        StreamEntry entry;
        entry.id = e.elements[0].text;
        const QList<RespReply> &kv = e.elements[1].elements;
        for (qsizetype i = 0; i < kv.size(); i += 2) {
            if (kv[i].type != RespReply::Type::Bulk || kv[i + 1].type != RespReply::Type::Bulk) {
                *error = tr("a stream entry whose fields are not strings");
                return false;
            }
            entry.fields.insert(kv[i].text, kv[i + 1].text);
        }
        out->push_back(std::move(entry));
    }
    return true;
}

bool FleetProtocol::parseXread(const RespReply &reply, QList<StreamEntry> *out, QString *error)
{
    if (reply.isNil())
        return true;
    if (reply.type != RespReply::Type::Array) {
        *error = tr("expected streams from XREAD, found %1")
                     .arg(reply.isError() ? QString::fromUtf8(reply.text) : tr("another reply"));
        return false;
    }
    for (const RespReply &stream : reply.elements) {
        if (stream.type != RespReply::Type::Array || stream.elements.size() != 2) {
            *error = tr("an XREAD stream that is not a name and its entries");
            return false;
        }
        if (!parseRange(stream.elements[1], out, error))
            return false;
    }
    return true;
}

} // namespace coroscope
