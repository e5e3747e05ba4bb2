#include "core/DirectSocketNotifier.h"

#include <QEvent>

namespace coroscope {

DirectSocketNotifier::DirectSocketNotifier(qintptr socket, Type type, Handler handler, void *context, QObject *parent)
    : QSocketNotifier(socket, type, parent), m_handler(handler), m_context(context)
{
    // QSocketNotifier's constructor registered a plain notifier (this class did not exist yet, so the
    // dispatcher could not tell it is direct): register again, now as what it is.
    if (isEnabled()) {
        setEnabled(false);
        setEnabled(true);
    }
}

bool DirectSocketNotifier::event(QEvent *e)
{
    if (e->type() == QEvent::SockAct || e->type() == QEvent::SockClose) {
        if (isEnabled())
            activate();
        return true;
    }
    return QSocketNotifier::event(e); // thread changes re-register as Qt's own do
}

} // namespace coroscope
