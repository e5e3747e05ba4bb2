#pragma once

#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

#include <functional>
#include <memory>

#include <QThread>

namespace coroscope {

class TcpServerWorker;

// Runs a built-in server's worker on a thread of its own with its own event loop (DESIGN.md §3):
// the worker is built and bound inside that thread, and stop() lets every connection unwind there
// before the worker is deleted and the thread ends.
class ServerThread
{
    Q_DECLARE_TR_FUNCTIONS(ServerThread)
public:
    using Factory = std::function<TcpServerWorker *()>;

    ServerThread() = default;
    ~ServerThread();

    bool start(const QString &name, const Factory &make, const QHostAddress &address, quint16 port,
               QString *error, quint16 *boundPort);
    void stop();
    bool isRunning() const { return bool(m_thread); }

private:
    std::unique_ptr<QThread> m_thread;
    TcpServerWorker *m_worker = nullptr;
};

} // namespace coroscope
