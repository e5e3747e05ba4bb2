#include "workloads/QueueContext.h"

#include "core/ErrorKind.h"
#include "core/TaskTracker.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcQueue, "coroscope.queue")

namespace coroscope {

void QueueContext::countFailure(ErrorKind kind, const QString &message)
{
    const TaskRef ref = tracker->create(workload, nullptr);
    tracker->setPhase(ref, phaseRedis);
    tracker->start(ref);
    tracker->finish(ref, TaskState::Failed, kind, message);
}

void QueueContext::logException(const char *where, const QString &what)
{
    if (!m_exceptionLogged) {
        m_exceptionLogged = true;
        qCWarning(lcQueue, "exception in the queue's %s: %s", where, qPrintable(what));
    }
}

void QueueContext::reportException(const char *where, const QString &what)
{
    logException(where, what);
    countFailure(ErrorKind::Exception, what);
}

} // namespace coroscope
