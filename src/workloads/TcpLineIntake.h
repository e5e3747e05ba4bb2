#pragma once

#include "core/CoroutineFwd.h"

#include <QCoreApplication>
#include <QObject>

class QTcpServer;
class QTcpSocket;

namespace coroscope {

struct QueueContext;

// The seed's TCP log collector as the queue's intake: a line server on loopback puts every line it
// reads on the queue (reading stops while the queue is full, so TCP pushes back on the clients),
// and `intake.connections` log-shipper clients write their lines to it. Each client is one
// producer of the workload: its session (or its failed connect) ends it.
class TcpLineIntake : public QObject
{
    Q_OBJECT
public:
    explicit TcpLineIntake(QueueContext *ctx, QObject *parent = nullptr);
    ~TcpLineIntake() override;

    // Listens on 127.0.0.1 (an ephemeral port); false with a message.
    bool listen(QString *error);
    // Starts the clients.
    void start();
    quint16 port() const;
    qint64 descriptorsNeeded() const;

private:
    void accept();
    static QCoro::Task<void> client(TcpLineIntake *self, int index);
    static QCoro::Task<void> clientLoop(TcpLineIntake *self, int index, bool *reached);
    static QCoro::Task<void> session(TcpLineIntake *self, QTcpSocket *socket);
    static QCoro::Task<void> sessionLoop(TcpLineIntake *self, QTcpSocket *socket);

    QueueContext *m_ctx;
    QTcpServer *m_server = nullptr; // child of this, on the loop thread
};

} // namespace coroscope
