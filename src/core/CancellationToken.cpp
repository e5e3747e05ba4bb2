#include "core/CancellationToken.h"

#include "core/WaitNode.h"

namespace coroscope {

CancellationToken::~CancellationToken()
{
    Q_ASSERT_X(!m_head, "CancellationToken", "destroyed while a wait is suspended on it");
}

void CancellationToken::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    while (WaitNode *node = m_head) {
        m_head = node->m_nextInToken;
        if (m_head)
            m_head->m_prevInToken = nullptr;
        node->m_prevInToken = node->m_nextInToken = nullptr;
        node->wake(WakeReason::Cancelled, /*deferred=*/true);
    }
}

void CancellationToken::add(WaitNode *node)
{
    node->m_prevInToken = nullptr;
    node->m_nextInToken = m_head;
    if (m_head)
        m_head->m_prevInToken = node;
    m_head = node;
}

void CancellationToken::remove(WaitNode *node)
{
    if (node->m_prevInToken)
        node->m_prevInToken->m_nextInToken = node->m_nextInToken;
    else if (m_head == node)
        m_head = node->m_nextInToken;
    if (node->m_nextInToken)
        node->m_nextInToken->m_prevInToken = node->m_prevInToken;
    node->m_prevInToken = node->m_nextInToken = nullptr;
}

} // namespace coroscope
