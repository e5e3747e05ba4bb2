#include "net/ErrorKinds.h"

#include <algorithm>
#include <initializer_list>

namespace coroscope {

namespace {

// Which socket and QNetworkReply failures make each kind, side by side: the two vocabularies do not
// always agree (a reply's RemoteHostClosedError is a reset, a socket's is the peer's close). A failure
// listed nowhere is a SocketError or a NetworkError.
struct FailuresOfKind {
    ErrorKind kind;
    std::initializer_list<QAbstractSocket::SocketError> socket;
    std::initializer_list<QNetworkReply::NetworkError> reply;
};

const FailuresOfKind kFailuresOfKind[] = {
    {ErrorKind::ConnectionRefused, {QAbstractSocket::ConnectionRefusedError}, {QNetworkReply::ConnectionRefusedError}},
    {ErrorKind::ClosedByPeer, {QAbstractSocket::RemoteHostClosedError}, {}},
    {ErrorKind::ConnectionReset, {QAbstractSocket::NetworkError}, {QNetworkReply::RemoteHostClosedError}},
    {ErrorKind::Timeout,
     {QAbstractSocket::SocketTimeoutError},
     {QNetworkReply::TimeoutError, QNetworkReply::OperationCanceledError}},
    {ErrorKind::HostNotFound, {QAbstractSocket::HostNotFoundError}, {QNetworkReply::HostNotFoundError}},
    {ErrorKind::TooManyOpenFiles, {QAbstractSocket::SocketResourceError}, {}},
    {ErrorKind::TlsError, {QAbstractSocket::SslHandshakeFailedError}, {QNetworkReply::SslHandshakeFailedError}},
    {ErrorKind::BadResponse,
     {},
     {QNetworkReply::ProtocolFailure, QNetworkReply::ProtocolUnknownError,
      QNetworkReply::ProtocolInvalidOperationError}},
};

// The kind whose failures in `column` (socket or reply) include `failure`; `otherwise` when none does.
template<typename Failure>
ErrorKind kindOf(Failure failure, std::initializer_list<Failure> FailuresOfKind::*column, ErrorKind otherwise)
{
    for (const FailuresOfKind &k : kFailuresOfKind) {
        if (std::ranges::find(k.*column, failure) != (k.*column).end())
            return k.kind;
    }
    return otherwise;
}

} // namespace

ErrorKind errorKindOf(QAbstractSocket::SocketError error)
{
    return kindOf(error, &FailuresOfKind::socket, ErrorKind::SocketError);
}

ErrorKind errorKindOf(QNetworkReply::NetworkError error)
{
    return kindOf(error, &FailuresOfKind::reply, ErrorKind::NetworkError);
}

ErrorKind connectErrorKindOf(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::SocketTimeoutError:
        return ErrorKind::ConnectTimeout;
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::SocketResourceError:
        return errorKindOf(error);
    default:
        return ErrorKind::ConnectionReset;
    }
}

ErrorKind connectErrorKindOf(const QAbstractSocket &socket)
{
    return connectErrorKindOf(socket.error());
}

} // namespace coroscope
