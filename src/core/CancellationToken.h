#pragma once

#include <QtGlobal>

namespace coroscope {

class WaitNode;

// Cooperative cancellation (QCoro 0.8 has none): a flag plus the waits currently suspended on it.
// Cancelling wakes every registered wait through its scheduler's ready queue, never inside cancel(),
// because a resumed coroutine may finish and destroy the token that is cancelling it.
class CancellationToken
{
public:
    CancellationToken() = default;
    CancellationToken(const CancellationToken &) = delete;
    CancellationToken &operator=(const CancellationToken &) = delete;
    ~CancellationToken();

    bool isCancelled() const { return m_cancelled; }
    void cancel();

private:
    friend class WaitNode;
    void add(WaitNode *node);
    void remove(WaitNode *node);

    WaitNode *m_head = nullptr;
    bool m_cancelled = false;
};

} // namespace coroscope
