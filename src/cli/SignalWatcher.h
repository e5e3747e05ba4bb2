#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace coroscope {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe), since nothing but a
// write() is safe inside a signal handler.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    void readSignal();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace coroscope
