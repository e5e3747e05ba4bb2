#pragma once

#include "core/ErrorKind.h"

#include <QAbstractSocket>
#include <QNetworkReply>

namespace coroscope {

// The one place where a socket or QNetworkReply failure becomes an error kind.
ErrorKind errorKindOf(QAbstractSocket::SocketError error);
ErrorKind errorKindOf(QNetworkReply::NetworkError error);
// A connect that failed: refused, not found, timed out, out of descriptors, or reset.
ErrorKind connectErrorKindOf(QAbstractSocket::SocketError error);
ErrorKind connectErrorKindOf(const QAbstractSocket &socket);

} // namespace coroscope
