#pragma once

#include <QSocketNotifier>

namespace coroscope {

// A socket notifier whose activation calls one function. Under EpollEventDispatcher the dispatcher
// calls it directly: no QEvent, no QCoreApplication::notify, no activated() emissions (Qt 6 emits
// two per activation). That path was about a tenth of a busy c10k client's CPU. Under any other
// dispatcher it is a plain QSocketNotifier whose event() calls the same function, so code using it
// needs no fallback of its own.
class DirectSocketNotifier : public QSocketNotifier
{
public:
    using Handler = void (*)(void *context);

    DirectSocketNotifier(qintptr socket, Type type, Handler handler, void *context, QObject *parent = nullptr);

    // What an activation does; the dispatcher calls it only while the notifier is enabled.
    void activate() { m_handler(m_context); }

protected:
    bool event(QEvent *e) override;

private:
    Handler m_handler;
    void *m_context;
};

} // namespace coroscope
