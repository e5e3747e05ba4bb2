#include "gui/RulesPanel.h"

#include "ui_RulesPanel.h"

namespace coroscope {

RulesPanel::RulesPanel(QWidget *parent) : QWidget(parent), ui(std::make_unique<Ui::RulesPanel>())
{
    ui->setupUi(this);
    connect(ui->editRulesButton, &QPushButton::clicked, this, &RulesPanel::editRequested);
}

RulesPanel::~RulesPanel() = default;

QListWidget *RulesPanel::list() const
{
    return ui->rulesList;
}

void RulesPanel::clear()
{
    ui->rulesList->clear();
}

void RulesPanel::setEditEnabled(bool enabled)
{
    ui->editRulesButton->setEnabled(enabled);
}

void RulesPanel::showPlanned(const QList<PassFailRule> &rules)
{
    ui->rulesList->clear();
    for (const PassFailRule &r : rules)
        ui->rulesList->addItem(tr("%1 (evaluated when the run ends)").arg(r.text()));
    if (rules.isEmpty())
        ui->rulesList->addItem(tr("No rules: every run passes."));
}

void RulesPanel::showLive(const QList<LiveRuleState> &states)
{
    ui->rulesList->clear();
    for (const LiveRuleState &r : states) {
        const QString stops = r.abortOnFail ? tr(", stops the run on failure") : QString();
        QString text;
        QColor color(110, 110, 110);
        switch (r.verdict) {
        case LiveRuleState::Verdict::NotYetJudged:
            text = tr("…     %1 (not yet judged%2)").arg(r.rule, stops);
            break;
        case LiveRuleState::Verdict::Passing:
            text = tr("pass  %1 (now %2%3)").arg(r.rule).arg(r.actual).arg(stops);
            color = QColor(0, 120, 0);
            break;
        case LiveRuleState::Verdict::Failing:
            text = tr("fail  %1 (now %2%3)").arg(r.rule).arg(r.actual).arg(stops);
            color = QColor(190, 0, 0);
            break;
        }
        auto *item = new QListWidgetItem(text);
        item->setForeground(color);
        ui->rulesList->addItem(item);
    }
}

void RulesPanel::showResults(const QList<RuleResult> &results)
{
    ui->rulesList->clear();
    for (const RuleResult &r : results) {
        auto *item = new QListWidgetItem(r.passed ? tr("PASS  %1 (actual %2)").arg(r.rule).arg(r.actual)
                                                  : tr("FAIL  %1 (actual %2)").arg(r.rule).arg(r.actual));
        item->setForeground(r.passed ? QColor(0, 120, 0) : QColor(190, 0, 0));
        ui->rulesList->addItem(item);
    }
}

} // namespace coroscope
