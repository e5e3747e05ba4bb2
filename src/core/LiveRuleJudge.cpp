#include "core/LiveRuleJudge.h"

#include "core/Run.h"

namespace coroscope {

LiveRuleJudge::LiveRuleJudge(Run *run, QList<PassFailRule> rules, QObject *parent)
    : QObject(parent), m_run(run), m_rules(std::move(rules))
{
    for (const PassFailRule &r : std::as_const(m_rules))
        m_states.append(LiveRuleState{r.text(), LiveRuleState::Verdict::NotYetJudged, 0, r.abortOnFail});
    connect(run, &Run::snapshotReady, this, [this](const SnapshotPtr &s) {
        if (s->running)
            judge(*s);
    });
}

void LiveRuleJudge::judge(const Snapshot &s)
{
    if (s.elapsedNs < m_nextJudgeNs)
        return;
    m_nextJudgeNs = (s.elapsedNs / kJudgeEveryNs + 1) * kJudgeEveryNs;
    const double seconds = double(s.elapsedNs) / 1e9;
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const PassFailRule &rule = m_rules[i];
        if (seconds < rule.afterSeconds)
            continue;
        const RuleResult r = RuleEvaluator::evaluate(rule, s);
        m_states[i].actual = r.actual;
        m_states[i].verdict = r.passed ? LiveRuleState::Verdict::Passing : LiveRuleState::Verdict::Failing;
        if (!r.passed && rule.abortOnFail && !m_abort) {
            m_abort = RuleAbort{r.rule, seconds, r.actual};
            m_run->stopGracefully();
            Q_EMIT aborted(*m_abort);
        }
    }
    Q_EMIT statesChanged();
}

} // namespace coroscope
