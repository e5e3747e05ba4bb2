#include "net/MetricsServer.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

namespace coroscope {

MetricsServer::MetricsServer(Provider provider, QObject *parent) : QObject(parent), m_provider(std::move(provider))
{
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::accept);
}

bool MetricsServer::parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *error)
{
    static const QRegularExpression form(QStringLiteral("^(?:(\\[[0-9a-fA-F:]+\\]|[0-9.]+|localhost):)?(\\d{1,5})$"));
    const QRegularExpressionMatch m = form.match(text);
    const uint p = m.hasMatch() ? m.captured(2).toUInt() : 0;
    if (!m.hasMatch() || p == 0 || p > 65535) {
        *error = QCoreApplication::translate("MetricsServer", "expected HOST:PORT or PORT, found \"%1\"").arg(text);
        return false;
    }
    QString host = m.captured(1);
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    *address = host.isEmpty() || host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                    : QHostAddress(host);
    if (address->isNull()) {
        *error = QCoreApplication::translate("MetricsServer", "expected an IP address, found \"%1\"").arg(host);
        return false;
    }
    *port = quint16(p);
    return true;
}

bool MetricsServer::listen(const QString &hostPort, QString *error)
{
    QHostAddress address;
    quint16 port = 0;
    if (!parseAddress(hostPort, &address, &port, error))
        return false;
    if (!m_server.listen(address, port)) {
        *error = QCoreApplication::translate("MetricsServer", "cannot serve metrics on %1: %2")
                     .arg(hostPort, m_server.errorString());
        return false;
    }
    return true;
}

void MetricsServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_open >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_open;
        serve(socket);
    }
}

void MetricsServer::serve(QTcpSocket *socket)
{
    // The socket is a child of the server: it goes with it at the latest.
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, socket, &QTcpSocket::abort);
    deadline->start(kRequestTimeoutMs);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_open;
        socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket->property("answered").toBool()) {
            socket->readAll(); // nothing more is read into memory
            return;
        }
        QByteArray request = socket->property("request").toByteArray() + socket->read(kMaxRequestBytes);
        const qsizetype end = request.indexOf("\r\n\r\n");
        if (end < 0 && request.size() < kMaxRequestBytes) {
            socket->setProperty("request", request);
            return;
        }
        const QList<QByteArray> first = request.left(request.indexOf("\r\n")).split(' ');
        QByteArray status = "200 OK", body, type = "text/plain; version=0.0.4; charset=utf-8";
        if (end < 0) {
            status = "431 Request Header Fields Too Large";
        } else if (first.size() != 3 || !first[2].startsWith("HTTP/1.")) {
            status = "400 Bad Request";
        } else if (first[0] != "GET" && first[0] != "HEAD") {
            status = "405 Method Not Allowed";
        } else if (first[1] != "/metrics" && !first[1].startsWith("/metrics?")) {
            status = "404 Not Found";
        } else {
            body = m_provider();
            ++m_scrapes;
        }
        if (!status.startsWith("200")) {
            type = "text/plain; charset=utf-8";
            body = status + '\n';
        }
        const bool head = first.value(0) == "HEAD";
        socket->setProperty("answered", true);
        socket->setProperty("request", QVariant());
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + (head ? QByteArray() : body));
        // A request read only in part leaves bytes unread: closing now would reset the connection
        // and the client could lose the answer. It closes after reading it (or the deadline does).
        if (end >= 0)
            socket->disconnectFromHost();
    });
}

} // namespace coroscope
