#include "core/ErrorKind.h"

#include "core/KeyNameTable.h"

namespace coroscope {

namespace {

// In enum order; QT_TRANSLATE_NOOP lets lupdate see the names.
constexpr std::array<KeyName, kErrorKindCount> kKinds{{
    {"", ""},
    {"connection refused", QT_TRANSLATE_NOOP("ErrorKind", "connection refused")},
    {"connection reset", QT_TRANSLATE_NOOP("ErrorKind", "connection reset")},
    {"closed by peer", QT_TRANSLATE_NOOP("ErrorKind", "closed by peer")},
    {"host not found", QT_TRANSLATE_NOOP("ErrorKind", "host not found")},
    {"connect timeout", QT_TRANSLATE_NOOP("ErrorKind", "connect timeout")},
    {"timeout", QT_TRANSLATE_NOOP("ErrorKind", "timeout")},
    {"too many open files", QT_TRANSLATE_NOOP("ErrorKind", "too many open files")},
    {"socket error", QT_TRANSLATE_NOOP("ErrorKind", "socket error")},
    {"network error", QT_TRANSLATE_NOOP("ErrorKind", "network error")},
    {"tls error", QT_TRANSLATE_NOOP("ErrorKind", "tls error")},
    {"bad response", QT_TRANSLATE_NOOP("ErrorKind", "bad response")},
    {"protocol error", QT_TRANSLATE_NOOP("ErrorKind", "protocol error")},
    {"http 4xx", QT_TRANSLATE_NOOP("ErrorKind", "http 4xx")},
    {"http 5xx", QT_TRANSLATE_NOOP("ErrorKind", "http 5xx")},
    {"echo mismatch", QT_TRANSLATE_NOOP("ErrorKind", "echo mismatch")},
    {"unexpected data", QT_TRANSLATE_NOOP("ErrorKind", "unexpected data")},
    {"dead letter", QT_TRANSLATE_NOOP("ErrorKind", "dead letter")},
    {"check failed", QT_TRANSLATE_NOOP("ErrorKind", "check failed")},
    {"redis error", QT_TRANSLATE_NOOP("ErrorKind", "redis error")},
    {"query error", QT_TRANSLATE_NOOP("ErrorKind", "query error")},
    {"authentication failed", QT_TRANSLATE_NOOP("ErrorKind", "authentication failed")},
    {"exception", QT_TRANSLATE_NOOP("ErrorKind", "exception")},
    {"upgrade refused", QT_TRANSLATE_NOOP("ErrorKind", "upgrade refused")},
    {"abnormal close", QT_TRANSLATE_NOOP("ErrorKind", "abnormal close")},
}};

} // namespace

QString errorKindKey(ErrorKind kind)
{
    return keyAt(kKinds, int(kind));
}

QString errorKindName(ErrorKind kind)
{
    return nameAt(kKinds, int(kind), "ErrorKind");
}

std::optional<ErrorKind> errorKindFromKey(const QString &key)
{
    for (int i = 1; i < kErrorKindCount; ++i) {
        if (key == QLatin1String(kKinds[size_t(i)].key))
            return ErrorKind(i);
    }
    return std::nullopt;
}

bool isConnectFailure(ErrorKind kind)
{
    return kind == ErrorKind::ConnectionRefused || kind == ErrorKind::ConnectTimeout ||
           kind == ErrorKind::HostNotFound || kind == ErrorKind::TooManyOpenFiles;
}

} // namespace coroscope
