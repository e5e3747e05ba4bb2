#include "workloads/EmptyShareWorkload.h"

namespace coroscope {

void EmptyShareWorkload::start()
{
    markFinished();
}

} // namespace coroscope
