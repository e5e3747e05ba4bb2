#include "core/ErrorKind.h"

namespace coroscope {

// In enum order; QT_TRANSLATE_NOOP lets lupdate see the names.
const KeyNameTable<ErrorKind, kErrorKindCount> kErrorKindNames{
    "ErrorKind",
    {{
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
    }}};

bool isConnectFailure(ErrorKind kind)
{
    return kind == ErrorKind::ConnectionRefused || kind == ErrorKind::ConnectTimeout ||
           kind == ErrorKind::HostNotFound || kind == ErrorKind::TooManyOpenFiles;
}

} // namespace coroscope
