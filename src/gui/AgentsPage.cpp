#include "gui/AgentsPage.h"

#include "fleet/FleetController.h"
#include "gui/AgentsModel.h"

#include "ui_AgentsPage.h"

#include <QHeaderView>

namespace coroscope {

AgentsPage::AgentsPage(QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::AgentsPage>()), m_model(new AgentsModel(this))
{
    ui->setupUi(this);
    ui->agentsView->setModel(m_model);
    ui->agentsView->verticalHeader()->hide();
    ui->agentsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Columns as wide as their figures, side by side: a stretched last one would push the heartbeat away.
    ui->agentsView->horizontalHeader()->setStretchLastSection(false);
    ui->stallLabel->hide();
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &AgentsPage::refresh);
}

AgentsPage::~AgentsPage() = default;

QTableView *AgentsPage::view() const
{
    return ui->agentsView;
}

QString AgentsPage::stallWarning() const
{
    return ui->stallLabel->isHidden() ? QString() : ui->stallLabel->text();
}

void AgentsPage::follow(FleetController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (controller) {
        connect(controller, &FleetController::agentsChanged, this, &AgentsPage::refresh);
        connect(controller, &FleetController::finished, this, [this] {
            refresh();
            m_ticker.stop(); // the heartbeat ages of a finished run stay as they were at its end
        });
        connect(controller, &FleetController::failed, this, [this] {
            refresh();
            m_ticker.stop();
        });
        ui->fleetLabel->setText(
            tr("Fleet %1, agents wanted: %2").arg(controller->options().redisUrl).arg(controller->options().agents));
        m_ticker.start();
    } else {
        ui->fleetLabel->clear();
        m_ticker.stop();
    }
    refresh();
}

QString AgentsPage::stallWarningFor(const std::vector<AgentStatus> &agents)
{
    // Fleet-wide: any agent that lags makes the merged latencies partly the generator's.
    QStringList lagging;
    for (const AgentStatus &a : agents) {
        if (!a.lost && a.loopLagMs > FleetController::kStallLagMs)
            lagging << tr("%1 (%2 ms)").arg(a.name).arg(a.loopLagMs, 0, 'f', 1);
    }
    if (lagging.isEmpty())
        return {};
    return tr("Generator stall: the event loop of %1 lags more than %2 ms (p99), so the fleet's latencies include "
              "the agents' own delay, not only the target's.")
        .arg(lagging.join(QStringLiteral(", ")))
        .arg(FleetController::kStallLagMs);
}

void AgentsPage::refresh()
{
    if (!m_controller) {
        m_model->setAgents({}, QDateTime::currentDateTimeUtc());
        ui->stallLabel->hide();
        return;
    }
    m_model->setAgents(m_controller->agents(), QDateTime::currentDateTimeUtc());
    const QString stall = stallWarningFor(m_model->agents());
    ui->stallLabel->setText(stall);
    ui->stallLabel->setVisible(!stall.isEmpty());
}

} // namespace coroscope
