#include "net/ServerThread.h"

#include "core/EpollEventDispatcher.h"
#include "net/TcpServerWorker.h"

#include <QElapsedTimer>
#include <QThread>

namespace coroscope {

ServerThread::~ServerThread()
{
    stop();
}

bool ServerThread::start(const QString &name, const Factory &make, const QHostAddress &address, quint16 port,
                         QString *error, quint16 *boundPort)
{
    if (m_thread)
        return true;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(name);
    if (QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::createIfWanted())
        m_thread->setEventDispatcher(dispatcher);
    m_thread->start();
    QObject anchor;
    anchor.moveToThread(m_thread.get());
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            m_worker = make();
            ok = m_worker->listen(address, port, &why, boundPort);
            anchor.moveToThread(nullptr);
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        *error = tr("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(why);
        stop();
        return false;
    }
    return true;
}

void ServerThread::stop()
{
    if (!m_thread)
        return;
    if (TcpServerWorker *w = m_worker) {
        QMetaObject::invokeMethod(w, [w] { w->shutdown(); }, Qt::BlockingQueuedConnection);
        // Connections unwind on the server's own loop; give them a bounded moment.
        QElapsedTimer waited;
        waited.start();
        while (w->openConnections() > 0 && waited.elapsed() < 5000)
            QThread::msleep(1);
        QMetaObject::invokeMethod(w, [w] { delete w; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

} // namespace coroscope
