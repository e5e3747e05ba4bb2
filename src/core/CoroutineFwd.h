#pragma once

// Forward declarations that every coroutine-returning header needs: QCoro::Task for the return
// type, and the two things a workload coroutine is handed (where it runs, how it is stopped).
// Including <QCoro/QCoroTask> in a header would pull the whole coroutine machinery into every
// translation unit that only names these types.

namespace QCoro {
template<typename T> class Task;
}

namespace coroscope {

class CancellationToken;
class LoopScheduler;

} // namespace coroscope
