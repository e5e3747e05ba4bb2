#pragma once

#include "core/LiveRuleJudge.h"
#include "core/PassFailRule.h"

#include <QWidget>

#include <memory>

class QListWidget;

namespace Ui {
class RulesPanel;
}

namespace coroscope {

// The pass/fail rules of the profile: what will be judged before a run, the verdicts after one.
class RulesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RulesPanel(QWidget *parent = nullptr);
    ~RulesPanel() override;

    // The rules as they will be evaluated when the run ends.
    void showPlanned(const QList<PassFailRule> &rules);
    // Each rule's state while the run goes on: passing, failing or not yet judged.
    void showLive(const QList<LiveRuleState> &states);
    // PASS / FAIL per rule with the measured value.
    void showResults(const QList<RuleResult> &results);
    void clear();
    void setEditEnabled(bool enabled);
    QListWidget *list() const;

Q_SIGNALS:
    void editRequested();

private:
    std::unique_ptr<Ui::RulesPanel> ui;
};

} // namespace coroscope
