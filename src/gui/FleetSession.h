#pragma once

#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "fleet/FleetController.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace coroscope {

class AgentsPage;

// The window's side of a fleet run: the "Run on Fleet…" action and its dialog, the fleet that Start
// runs on once one is chosen, the FleetController of the current (or last) fleet run and the Agents
// tab, shown while a fleet run is on or was the last run. The merged Snapshots go out as a local
// Run's do, so the window shows a fleet run as it shows any run.
class FleetSession : public QObject
{
    Q_OBJECT
public:
    FleetSession(QMainWindow *window, QTabWidget *tabs, QMenu *runMenu);
    ~FleetSession() override;

    // Start runs on this fleet from now on (the dialog accepted, or --fleet on the command line).
    void arm(const FleetController::Options &options);
    void disarm();
    bool isArmed() const { return m_armed.has_value(); }
    FleetController::Options armedOptions() const { return m_armed.value_or(FleetController::Options{}); }

    // A fleet run of `spec` on `options`' agents: waits for them, then runs; ends in finished() or failed().
    void start(const RunSpec &spec, const FleetController::Options &options);
    void stopGracefully();
    void cancelAll();
    // From start() until finished() or failed(): waiting for agents counts.
    bool isActive() const { return m_active; }
    bool isStopping() const { return m_active && m_controller && m_controller->isStopping(); }
    bool isWaitingForAgents() const { return m_active && m_controller && !m_controller->isRunning(); }
    // The current or last fleet run's controller (null when the last run was local).
    FleetController *controller() const { return m_controller.get(); }
    AgentsPage *agentsPage() const { return m_page; }
    QAction *runOnFleetAction() const { return m_runOnFleet; }
    // The report's `agents` and `fleet` keys of the last fleet run, empty when it was local.
    QJsonObject reportKeys() const;
    // A local run or another profile: the Agents tab goes, and with it a finished fleet run.
    void forget();
    // Enables "Run on Fleet…" (a profile is loaded, no run is on).
    void setStartEnabled(bool enabled);
    // Closing the window mid-run: cancels every agent and waits up to `ms` for their final deltas.
    void cancelBeforeClose(int ms);

Q_SIGNALS:
    // The dialog was accepted: the window starts the run on `options` (through its own checks).
    void startRequested(const coroscope::FleetController::Options &options);
    void snapshotReady(coroscope::SnapshotPtr snapshot);
    void finished(coroscope::SnapshotPtr finalSnapshot);
    void failed(const QString &error);
    void message(const QString &text);

private:
    void chooseAndStart();
    void showAgentsTab(bool shown);

    QMainWindow *m_window;
    QTabWidget *m_tabs;
    AgentsPage *m_page;
    QAction *m_runOnFleet;
    QAction *m_startsOnFleet;
    std::optional<FleetController::Options> m_armed;
    std::unique_ptr<FleetController> m_controller;
    // A forgotten controller, deleted later: forget() may run inside the slot of its own signal.
    std::unique_ptr<FleetController> m_retired;
    bool m_active = false;
};

} // namespace coroscope
