#pragma once

#include "core/CoroutineFwd.h"
#include "net/RedisConnection.h"
#include "net/RespReply.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>

namespace coroscope {

// One entry of a Redis stream: its id and its fields.
struct StreamEntry {
    QByteArray id;
    QMap<QByteArray, QByteArray> fields;
};

// The keys, streams and message fields agents and the controller share on one Redis database
// (docs/fleet.md), and the parsing of what Redis hands back, checked field by field.
class FleetProtocol
{
    Q_DECLARE_TR_FUNCTIONS(FleetProtocol)
public:
    static constexpr int kProtocolVersion = 1;   // the `v` field of every stream message
    static constexpr int kHeartbeatTtlMs = 3000; // an agent silent this long is lost
    static constexpr int kHeartbeatEveryMs = 500;
    static constexpr int kControllerTtlMs = 10000;
    static constexpr qsizetype kMaxProfileBytes = 4 * 1024 * 1024;

    static QByteArray controlStream() { return "coroscope:fleet:control"; }
    static QByteArray controllerKey() { return "coroscope:fleet:controller"; }
    static QByteArray agentKeyPrefix() { return "coroscope:fleet:agent:"; }
    static QByteArray agentKey(const QString &name) { return agentKeyPrefix() + name.toUtf8(); }
    // Built outside coroutines: GCC 12 cannot keep a string literal's array in a coroutine frame.
    static QByteArray streamStart() { return "0-0"; }
    static QByteArray scanStart() { return "0"; }
    static QByteArray dataStream(const QByteArray &runId) { return "coroscope:fleet:run:" + runId; }

    // This build's version, or COROSCOPE_FLEET_VERSION when set (tests fake a mismatch with it).
    static QString version();
    // Agent names go into keys and lists: letters, digits, '.', '_', '-', at most 64.
    static bool validName(const QString &name);
    // "key=value" into `labels`; false with a message when malformed.
    static bool parseLabel(const QString &text, QMap<QString, QString> *labels, QString *error);

    // The fleet's Redis from a redis:// URL and the name of the variable holding its password
    // (empty: none); false with a message naming the flag at fault.
    static bool resolveAddress(const QString &urlFlag, const QString &url, const QString &passwordEnv,
                               RedisAddress *out, QString *error);
    // Opens both connections an agent or a controller needs (one blocks in XREAD, one writes).
    static QCoro::Task<RedisConnection::Result> openBoth(RedisConnection *reader, RedisConnection *writer,
                                                         RedisAddress address);

    // Redis commands, built outside coroutines: GCC 12 cannot keep an initializer list of string
    // literals in a coroutine frame ("array used as initializer").
    static QList<QByteArray> setKey(const QByteArray &key, const QByteArray &value, int ttlMs, bool onlyIfAbsent);
    static QList<QByteArray> getKey(const QByteArray &key);
    static QList<QByteArray> deleteKey(const QByteArray &key);
    static QList<QByteArray> expireKey(const QByteArray &key, int seconds);
    static QList<QByteArray> scanAgents(const QByteArray &cursor);
    static QList<QByteArray> getKeys(const QList<QByteArray> &keys);
    static QList<QByteArray> readAfter(const QByteArray &stream, const QByteArray &afterId, int count, int blockMs);
    static QList<QByteArray> lastEntry(const QByteArray &stream);
    // XADD with the protocol version first, the stream capped at about `maxLength` entries.
    static QList<QByteArray> add(const QByteArray &stream, int maxLength, const QList<QByteArray> &fields);

    // One or two commands as RedisConnection::run takes them (no braced list in a coroutine either).
    static QList<QList<QByteArray>> batch(const QList<QByteArray> &command) { return {command}; }
    static QList<QList<QByteArray>> batch(const QList<QByteArray> &first, const QList<QByteArray> &second)
    {
        return {first, second};
    }

    // An XREAD reply (nil: nothing new) or an XREVRANGE/XRANGE reply into entries; false with a
    // message when it is not the shape Redis answers with.
    static bool parseXread(const RespReply &reply, QList<StreamEntry> *out, QString *error);
    static bool parseRange(const RespReply &reply, QList<StreamEntry> *out, QString *error);
};

} // namespace coroscope
