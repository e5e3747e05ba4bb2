#include "gui/RunShapeControls.h"

#include "core/Run.h"
#include "gui/LiveChangeBar.h"
#include "gui/MaxRateDialog.h"
#include "gui/RulesPanel.h"

#include <QAction>
#include <QBoxLayout>
#include <QMenu>

namespace coroscope {

RunShapeControls::RunShapeControls(QWidget *window, QBoxLayout *overview, RulesPanel *rules, QMenu *runMenu)
    : QObject(window), m_window(window), m_rules(rules), m_bar(new LiveChangeBar)
{
    overview->addWidget(m_bar);
    runMenu->addSeparator();
    m_findMaxRate = runMenu->addAction(tr("Find &Max Rate…"));
    m_findMaxRate->setObjectName(QStringLiteral("actionFindMaxRate"));
    m_findMaxRate->setToolTip(tr("Run an http-fanout workload at rising rates to find the highest that meets a "
                                 "p99 and an error rate"));
    connect(m_findMaxRate, &QAction::triggered, this, &RunShapeControls::findMaxRate);
}

RunShapeControls::~RunShapeControls() = default;

void RunShapeControls::attach(Run *run, const RunSpec &spec)
{
    m_bar->setRun(run);
    m_judge = std::make_unique<LiveRuleJudge>(run, spec.rules);
    connect(run, &Run::snapshotReady, m_bar, [this](const SnapshotPtr &s) { m_bar->offer(*s); });
    if (!spec.rules.isEmpty()) {
        m_rules->showLive(m_judge->states());
        connect(m_judge.get(), &LiveRuleJudge::statesChanged, m_rules,
                [this] { m_rules->showLive(m_judge->states()); });
    }
}

void RunShapeControls::detach()
{
    m_bar->setRun(nullptr);
    if (m_judge)
        disconnect(m_judge.get(), nullptr, m_rules, nullptr);
}

void RunShapeControls::forget()
{
    detach();
    m_judge.reset();
}

void RunShapeControls::setMaxRateEnabled(bool enabled)
{
    m_findMaxRate->setEnabled(enabled);
}

void RunShapeControls::findMaxRate()
{
    if (!m_specSource)
        return;
    auto *dialog = new MaxRateDialog(m_specSource(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->resize(720, 520);
    dialog->show();
}

} // namespace coroscope
