#pragma once

#include "net/ServerThread.h"
#include "net/TcpServerWorker.h"

#include <QHostAddress>
#include <QString>

#include <type_traits>

namespace coroscope {

// The one shell of every built-in server (echo, HTTP target, WebSocket, ...): options, counters
// readable from any thread, and a worker serving on a thread of its own (ServerThread).
//
// Worker is a TcpServerWorker subclass that names its options and counters (TcpServerWorkerFor does)
// and its thread, and, for baseUrl(), its URL scheme:
//     class MyWorker : public TcpServerWorkerFor<MyOptions, MyStats> {
//     public:
//         static constexpr const char *kThreadName = "my-server";
//         static constexpr const char *kUrlScheme = "http"; // optional
//         using TcpServerWorkerFor::TcpServerWorkerFor;
//     protected:
//         void serve(QTcpSocket *socket) override;
//     };
//     class MyServer : public BuiltinServer<MyWorker> { using BuiltinServer::BuiltinServer; };
// The worker is built, bound and deleted on the server's thread; stats outlive it.
template<typename Worker> class BuiltinServer
{
public:
    using Options = typename Worker::Options;
    using Stats = typename Worker::Stats;
    static_assert(std::is_base_of_v<TcpServerWorker, Worker>);
    static_assert(std::is_base_of_v<ServerOptions, Options>);
    static_assert(std::is_base_of_v<ConnectionCounters, Stats>);

    explicit BuiltinServer(Options options = {}) : m_options(std::move(options)) {}
    BuiltinServer(const BuiltinServer &) = delete;
    BuiltinServer &operator=(const BuiltinServer &) = delete;
    ~BuiltinServer() { stop(); }

    // Binds and starts serving; false with `error` set (e.g. the port is in use).
    bool start(QString *error)
    {
        if (m_thread.isRunning())
            return true;
        const Options options = m_options;
        Stats *stats = &m_stats;
        return m_thread.start(
            QString::fromLatin1(Worker::kThreadName), [options, stats] { return new Worker(options, stats); },
            m_options.address, m_options.port, error, &m_port);
    }
    // Closes the listener and every connection, then stops the thread. Idempotent.
    void stop() { m_thread.stop(); }
    bool isRunning() const { return m_thread.isRunning(); }

    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_options.address; }
    const Options &options() const { return m_options; }
    const Stats &stats() const { return m_stats; }
    // "http://127.0.0.1:8080", for a worker that names its scheme.
    QString baseUrl() const requires requires { Worker::kUrlScheme; }
    {
        return QStringLiteral("%1://%2:%3").arg(QLatin1String(Worker::kUrlScheme), address().toString()).arg(port());
    }

private:
    Options m_options;
    Stats m_stats;
    ServerThread m_thread; // last: stopped before the counters its worker writes go away
    quint16 m_port = 0;
};

} // namespace coroscope
