#pragma once

#include "core/KeyNameTable.h"

#include <QString>

#include <optional>

namespace coroscope {

// Why a task failed: one vocabulary for every workload and protocol. The key is stable (reports,
// rules, CSV and scripts use it); the display name is translated. Producing a kind from a socket,
// HTTP, Redis or echo failure happens in net/ErrorKinds.h; retry decisions compare kinds, not text.
enum class ErrorKind : quint16 {
    None = 0,
    ConnectionRefused,
    ConnectionReset,
    ClosedByPeer,
    HostNotFound,
    ConnectTimeout,
    Timeout,
    TooManyOpenFiles,
    SocketError,
    NetworkError,
    TlsError,
    BadResponse,
    ProtocolError,
    Http4xx,
    Http5xx,
    EchoMismatch,
    UnexpectedData,
    DeadLetter,
    CheckFailed,
    RedisError,
    QueryError,
    AuthenticationFailed,
    Exception,
    UpgradeRefused,
    AbnormalClose,
    Count
};

constexpr int kErrorKindCount = int(ErrorKind::Count);

// Kinds a retry policy groups: a connection that never opened, one reset, a deadline.
bool isConnectFailure(ErrorKind kind);

// Written in ErrorKind.cpp; core/KeyNameTable.h does the lookups.
extern const KeyNameTable<ErrorKind, kErrorKindCount> kErrorKindNames;

// "connection refused", "http 5xx", ...: what reports and rules use.
inline QString errorKindKey(ErrorKind kind)
{
    return kErrorKindNames.key(kind);
}

// The same in the user's language.
inline QString errorKindName(ErrorKind kind)
{
    return kErrorKindNames.name(kind);
}

inline std::optional<ErrorKind> errorKindFromKey(const QString &key)
{
    return kErrorKindNames.fromKey(key);
}

} // namespace coroscope
