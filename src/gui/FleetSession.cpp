#include "gui/FleetSession.h"

#include "gui/AgentsPage.h"
#include "gui/FleetRunDialog.h"
#include "profile/ProfileWriter.h"

#include <QAction>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace coroscope {

FleetSession::FleetSession(QMainWindow *window, QTabWidget *tabs, QMenu *runMenu)
    : QObject(window), m_window(window), m_tabs(tabs), m_page(new AgentsPage)
{
    connect(this, &FleetSession::message, window,
            [window](const QString &text) { window->statusBar()->showMessage(text); });
    m_page->setObjectName(QStringLiteral("agentsPage"));
    m_tabs->addTab(m_page, tr("A&gents"));
    showAgentsTab(false);

    runMenu->addSeparator();
    m_runOnFleet = runMenu->addAction(tr("Run on &Fleet..."));
    m_runOnFleet->setObjectName(QStringLiteral("actionRunOnFleet"));
    m_runOnFleet->setToolTip(tr("Run the profile on agents that joined a Redis (coroscope agent --redis URL)"));
    connect(m_runOnFleet, &QAction::triggered, this, &FleetSession::chooseAndStart);
    m_startsOnFleet = runMenu->addAction(tr("Start Runs on the Fleet"));
    m_startsOnFleet->setObjectName(QStringLiteral("actionStartsOnFleet"));
    m_startsOnFleet->setCheckable(true);
    m_startsOnFleet->setEnabled(false);
    connect(m_startsOnFleet, &QAction::toggled, this, [this](bool on) {
        if (!on)
            disarm();
    });
}

FleetSession::~FleetSession()
{
    cancelBeforeClose(0);
}

void FleetSession::arm(const FleetController::Options &options)
{
    m_armed = options;
    m_startsOnFleet->setEnabled(true);
    m_startsOnFleet->setChecked(true);
    m_startsOnFleet->setText(tr("Start Runs on the Fleet (%1)").arg(options.redisUrl));
}

void FleetSession::disarm()
{
    m_armed.reset();
    m_startsOnFleet->setChecked(false);
    m_startsOnFleet->setEnabled(false);
    m_startsOnFleet->setText(tr("Start Runs on the Fleet"));
}

void FleetSession::chooseAndStart()
{
    // Window-modal and non-blocking, as the window's other dialogs: a test (or a script) can fill it.
    auto *dialog = new FleetRunDialog(m_armed.value_or(FleetRunDialog::remembered()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        arm(dialog->options());
        Q_EMIT startRequested(dialog->options());
    });
    dialog->open();
}

void FleetSession::start(const RunSpec &spec, const FleetController::Options &options)
{
    m_retired.reset(); // the run before the last is long over
    m_retired = std::move(m_controller);
    m_controller = std::make_unique<FleetController>(options);
    m_active = true;
    FleetController *c = m_controller.get();
    connect(c, &FleetController::snapshotReady, this, &FleetSession::snapshotReady);
    connect(c, &FleetController::warning, this, &FleetSession::message);
    connect(c, &FleetController::waiting, this, [this, options](const QString &present) {
        Q_EMIT message(tr("Waiting for %1 agents; in the fleet: %2").arg(options.agents).arg(present));
    });
    connect(c, &FleetController::started, this,
            [this, c] { Q_EMIT message(tr("Running on %1 agents").arg(c->agents().size())); });
    connect(c, &FleetController::finished, this, [this, c](const SnapshotPtr &s) {
        m_active = false;
        Q_EMIT finished(s);
        int lost = 0;
        for (const AgentStatus &a : c->agents())
            lost += a.lost ? 1 : 0;
        Q_EMIT message(!c->failure().isEmpty() ? tr("The fleet run failed: %1").arg(c->failure())
                       : lost ? tr("The fleet run ended; %1 of %2 agents were lost").arg(lost).arg(c->agents().size())
                              : tr("The fleet run ended on %1 agents").arg(c->agents().size()));
    });
    connect(c, &FleetController::failed, this, [this](const QString &error) {
        m_active = false;
        // Window-modal and non-blocking, as the window's other errors.
        auto *box =
            new QMessageBox(QMessageBox::Warning, tr("The fleet run did not start"), error, QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("errorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        Q_EMIT failed(error);
    });
    m_page->follow(c);
    showAgentsTab(true);
    // The agents run what the window shows, edits included, not the file as it was opened.
    RunSpec sent = spec;
    sent.sourceText = ProfileWriter::toBytes(spec);
    c->start(sent);
}

void FleetSession::stopGracefully()
{
    if (m_active)
        m_controller->stopGracefully();
}

void FleetSession::cancelAll()
{
    if (m_active)
        m_controller->cancelAll();
}

QJsonObject FleetSession::reportKeys() const
{
    return m_controller ? m_controller->reportKeys() : QJsonObject();
}

void FleetSession::forget()
{
    if (m_active)
        return;
    m_page->follow(nullptr);
    showAgentsTab(false);
    if (m_controller) {
        m_retired.reset();
        m_retired = std::move(m_controller);
    }
}

void FleetSession::setStartEnabled(bool enabled)
{
    m_runOnFleet->setEnabled(enabled);
}

void FleetSession::cancelBeforeClose(int ms)
{
    if (!m_active)
        return;
    m_controller->cancelAll();
    // The cancel travels with the controller's next Redis round; the agents' final deltas end it.
    QEventLoop loop;
    connect(this, &FleetSession::finished, &loop, &QEventLoop::quit);
    connect(this, &FleetSession::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    if (ms > 0)
        loop.exec();
    if (m_active) {
        // Its coroutine is still waiting on the controller's connections: deleting them under it
        // is not safe, so it is left to the process's end; the agents see the controller key expire.
        (void)m_controller.release();
        m_active = false;
    }
}

void FleetSession::showAgentsTab(bool shown)
{
    m_tabs->setTabVisible(m_tabs->indexOf(m_page), shown);
}

} // namespace coroscope
