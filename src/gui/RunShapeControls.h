#pragma once

#include "core/LiveRuleJudge.h"
#include "core/RunSpec.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QBoxLayout;
class QMenu;
class QWidget;

namespace coroscope {

class LiveChangeBar;
class Run;
class RulesPanel;

// What the window adds to a run for its shape over time: the live-change bar on the overview, the
// rules' live states (LiveRuleJudge) in the rules panel, and "Find max rate…" in the Run menu.
class RunShapeControls : public QObject
{
    Q_OBJECT
public:
    RunShapeControls(QWidget *window, QBoxLayout *overview, RulesPanel *rules, QMenu *runMenu);
    ~RunShapeControls() override;

    // A run started: its live keys and its rules are followed until detach().
    void attach(Run *run, const RunSpec &spec);
    // The run ended (its rules' final verdicts take over) or is forgotten.
    void detach();
    void forget();
    // The live rule that stopped the run shown, if one did (the report's "abortedBy").
    std::optional<RuleAbort> abort() const { return m_judge ? m_judge->abort() : std::nullopt; }
    void setMaxRateEnabled(bool enabled);
    LiveChangeBar *liveChangeBar() const { return m_bar; }
    QAction *findMaxRateAction() const { return m_findMaxRate; }

private:
    void findMaxRate();

    QWidget *m_window;
    RulesPanel *m_rules;
    LiveChangeBar *m_bar;
    QAction *m_findMaxRate;
    std::unique_ptr<LiveRuleJudge> m_judge;
    RunSpec m_spec;
    std::function<RunSpec()> m_specSource;

public:
    // Where "Find max rate…" takes its profile from (the window's current one).
    void setProfileSource(std::function<RunSpec()> source) { m_specSource = std::move(source); }
};

} // namespace coroscope
