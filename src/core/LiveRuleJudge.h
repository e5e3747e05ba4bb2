#pragma once

#include "core/PassFailRule.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QObject>

#include <optional>

namespace coroscope {

class Run;

// A rule's state while the run goes on.
struct LiveRuleState {
    enum class Verdict { NotYetJudged, Passing, Failing };
    QString rule;
    Verdict verdict = Verdict::NotYetJudged;
    double actual = 0;
    bool abortOnFail = false;
};

// The rule that stopped a run, and when.
struct RuleAbort {
    QString rule;
    double atSeconds = 0;
    double actual = 0;
};

// Judges a run's rules every second while it goes on (RuleEvaluator on the latest snapshot): a rule
// is judged once its afterSeconds have passed; the first failure of an abortOnFail rule stops the
// run gracefully. Uses only Run's public API.
class LiveRuleJudge : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kJudgeEveryNs = 1'000'000'000;

    LiveRuleJudge(Run *run, QList<PassFailRule> rules, QObject *parent = nullptr);

    const QList<LiveRuleState> &states() const { return m_states; }
    std::optional<RuleAbort> abort() const { return m_abort; }
    // Judges a snapshot now (the run's snapshots call it; tests may too).
    void judge(const Snapshot &s);

Q_SIGNALS:
    void statesChanged();
    void aborted(const coroscope::RuleAbort &abort);

private:
    Run *m_run;
    QList<PassFailRule> m_rules;
    QList<LiveRuleState> m_states;
    std::optional<RuleAbort> m_abort;
    qint64 m_nextJudgeNs = kJudgeEveryNs;
};

} // namespace coroscope
