#pragma once

#include <QCoreApplication>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

namespace coroscope {

// Serves GET /metrics (Prometheus text) on the caller's loop; the body comes from a provider, called
// per scrape. Bounded whatever a client does: 32 connections, 8 KiB of request, 5 s per request.
class MetricsServer : public QObject
{
    Q_OBJECT
public:
    using Provider = std::function<QByteArray()>;
    static constexpr int kMaxConnections = 32;
    static constexpr qsizetype kMaxRequestBytes = 8 * 1024;
    static constexpr int kRequestTimeoutMs = 5000;

    explicit MetricsServer(Provider provider, QObject *parent = nullptr);

    // "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464" (when told), or "9464" alone (loopback).
    static bool parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *error);
    bool listen(const QString &hostPort, QString *error);
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    qint64 scrapes() const { return m_scrapes; }

private:
    void accept();
    void serve(QTcpSocket *socket);

    QTcpServer m_server{this};
    Provider m_provider;
    int m_open = 0;
    qint64 m_scrapes = 0;
};

} // namespace coroscope
