#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QTableView;

namespace Ui {
class AgentsPage;
}

namespace coroscope {

class AgentsModel;
struct AgentStatus;
class FleetController;

// The Agents tab of a fleet run: every agent's state, rate, p99, loop lag and heartbeat age, and a
// fleet-wide generator-stall warning when an agent's loop lag is in its latencies.
class AgentsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AgentsPage(QWidget *parent = nullptr);
    ~AgentsPage() override;

    // Follows `controller` (its agents and their heartbeats) until the next call; nullptr empties the page.
    void follow(FleetController *controller);
    // Reads the controller's agents again (also every second, so heartbeat ages move).
    void refresh();

    AgentsModel *model() const { return m_model; }
    QTableView *view() const;
    // The generator-stall warning shown ("" when no agent lags).
    QString stallWarning() const;
    // The warning for these agents: every one still heard whose loop lag (p99) is past
    // FleetController::kStallLagMs, since its latencies then include its own delay; "" when none.
    static QString stallWarningFor(const std::vector<AgentStatus> &agents);

private:
    std::unique_ptr<Ui::AgentsPage> ui;
    AgentsModel *m_model;
    QPointer<FleetController> m_controller;
    QTimer m_ticker;
};

} // namespace coroscope
