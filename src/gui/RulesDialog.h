#pragma once

#include "core/PassFailRule.h"

#include <QDialog>

#include <memory>

namespace Ui {
class RulesDialog;
}

namespace coroscope {

// Edits a profile's pass/fail rules: one row per rule, its workload (or the whole run), metric,
// operator and value chosen from lists, so no rule can be malformed.
class RulesDialog : public QDialog
{
    Q_OBJECT
public:
    RulesDialog(const QStringList &workloads, const QList<PassFailRule> &rules, QWidget *parent = nullptr);
    ~RulesDialog() override;

    QList<PassFailRule> rules() const;
    void addRule(const PassFailRule &rule);
    void removeSelected();

private:
    std::unique_ptr<Ui::RulesDialog> ui;
    QStringList m_workloads;
};

} // namespace coroscope
