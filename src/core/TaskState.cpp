#include "core/TaskState.h"

namespace coroscope {

QString stateKey(TaskState s)
{
    static const char *const keys[kTaskStateCount] = {"pending", "running",  "succeeded",
                                                      "failed",  "timedOut", "cancelled"};
    const int i = stateIndex(s);
    return i >= 0 && i < kTaskStateCount ? QString::fromLatin1(keys[i]) : QString();
}

} // namespace coroscope
