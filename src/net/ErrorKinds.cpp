#include "net/ErrorKinds.h"

namespace coroscope {

ErrorKind errorKindOf(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return ErrorKind::ConnectionRefused;
    case QAbstractSocket::RemoteHostClosedError:
        return ErrorKind::ClosedByPeer;
    case QAbstractSocket::SocketTimeoutError:
        return ErrorKind::Timeout;
    case QAbstractSocket::HostNotFoundError:
        return ErrorKind::HostNotFound;
    case QAbstractSocket::NetworkError:
        return ErrorKind::ConnectionReset;
    case QAbstractSocket::SocketResourceError:
        return ErrorKind::TooManyOpenFiles;
    case QAbstractSocket::SslHandshakeFailedError:
        return ErrorKind::TlsError;
    default:
        return ErrorKind::SocketError;
    }
}

ErrorKind errorKindOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return ErrorKind::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
        return ErrorKind::ConnectionReset;
    case QNetworkReply::HostNotFoundError:
        return ErrorKind::HostNotFound;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return ErrorKind::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return ErrorKind::TlsError;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return ErrorKind::BadResponse;
    default:
        return ErrorKind::NetworkError;
    }
}

ErrorKind connectErrorKindOf(const QAbstractSocket &socket)
{
    switch (socket.error()) {
    case QAbstractSocket::SocketTimeoutError:
        return ErrorKind::ConnectTimeout;
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::SocketResourceError:
        return errorKindOf(socket.error());
    default:
        return ErrorKind::ConnectionReset;
    }
}

} // namespace coroscope
