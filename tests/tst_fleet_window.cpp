// The window as a fleet's controller, offscreen, with a private redis-server and real agent
// processes: "Run on Fleet…" runs the profile on two agents, the Agents tab lists both as done, the
// window's counts and report equal the sum of the agents' own reports; a kill -9 shows an agent lost.
#include "FleetProcesses.h"
#include "RedisServer.h"
#include "gui/AgentsModel.h"
#include "gui/AgentsPage.h"
#include "gui/FleetRunDialog.h"
#include "gui/FleetSession.h"
#include "gui/MainWindow.h"
#include "gui/StateCountsModel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QBrush>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace coroscope;
using namespace coroscope::testing;

class TestFleetWindow : public FleetTestCase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the dialog's memory goes to a test location
        FleetTestCase::initTestCase();
    }
    void agentsViewShowsStatesAndStalls();
    void runOnFleetFromTheWindow();
    void killedAgentShowsLost();
    void gracefulStopReachesEveryAgent();
    void fleetOnTheCommandLineOpensTheWindowOnIt();

private:
    // Starts sleep tasks without end (60 s) on two agents PREFIX0 and PREFIX1 from `w`, until some are done;
    // what went wrong, or "" when they run.
    QString startEndlessOnTwoAgents(MainWindow &w, const QString &agentPrefix);
    static int rowOf(AgentsModel *m, const QString &name);
    // Grabs the window into COROSCOPE_SCREENSHOT_DIR/NAME.png when that variable is set.
    static void screenshot(QWidget *w, const QString &name);
};

int TestFleetWindow::rowOf(AgentsModel *m, const QString &name)
{
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->data(m->index(r, AgentsModel::Name)).toString() == name)
            return r;
    }
    return -1;
}

void TestFleetWindow::screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("COROSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(dir + u'/' + name + QStringLiteral(".png")));
}

void TestFleetWindow::agentsViewShowsStatesAndStalls()
{
    AgentsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    AgentStatus lagging;
    lagging.name = QStringLiteral("a");
    lagging.host = QStringLiteral("h1");
    lagging.state = QStringLiteral("running");
    lagging.loopLagMs = 35;
    lagging.donePerSecond = 120;
    lagging.lastHeartbeat = now.addMSecs(-1500);
    AgentStatus lost;
    lost.name = QStringLiteral("b");
    lost.host = QStringLiteral("h2");
    lost.state = QStringLiteral("lost");
    lost.lost = true;
    lost.lostReason = QStringLiteral("missed its heartbeats for 3000 ms");
    lost.loopLagMs = 80; // a lost agent's lag is not the fleet's stall any more
    AgentStatus done;
    done.name = QStringLiteral("c");
    done.host = QStringLiteral("h3");
    done.state = QStringLiteral("finished");
    done.loopLagMs = 1;
    model.setAgents({lagging, lost, done}, now);
    QCOMPARE(model.rowCount(), 3);
    const auto text = [&](int row, int column) { return model.data(model.index(row, column)).toString(); };
    QCOMPARE(text(0, AgentsModel::State), QStringLiteral("running"));
    QCOMPARE(text(0, AgentsModel::DonePerSecond), QStringLiteral("120.0"));
    QCOMPARE(text(0, AgentsModel::Heartbeat), QStringLiteral("1.5 s ago"));
    QCOMPARE(text(1, AgentsModel::State), QStringLiteral("lost"));
    QCOMPARE(text(1, AgentsModel::DonePerSecond), QStringLiteral("–")); // no rate for one not running
    QVERIFY(model.data(model.index(1, AgentsModel::State), Qt::ToolTipRole).toString().contains(lost.lostReason));
    QCOMPARE(model.data(model.index(1, AgentsModel::Host), Qt::ForegroundRole).value<QBrush>().color(),
             QColor(0xc0, 0x39, 0x2b));
    QVERIFY(!model.data(model.index(2, AgentsModel::Host), Qt::ForegroundRole).isValid());
    QCOMPARE(text(2, AgentsModel::State), QStringLiteral("done"));

    const QString stall = AgentsPage::stallWarningFor(model.agents());
    QVERIFY2(stall.contains(QStringLiteral("a (35.0 ms)")) && !stall.contains(QStringLiteral("b (")),
             qPrintable(stall));
    QCOMPARE(AgentsPage::stallWarningFor({done}), QString());
    // The same agents again update in place; other agents replace the rows.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setAgents({lagging, lost, done}, now);
    QCOMPARE(reset.count(), 0);
    model.setAgents({done}, now);
    QCOMPARE(reset.count(), 1);
}

void TestFleetWindow::runOnFleetFromTheWindow()
{
    const QString profile = m_bench.writeNapsAndApiProfile(
        "fleet-window", R"("tasks": 400, "concurrency": 20, "delayMs": { "dist": "uniform", "min": 2, "max": 30 })",
        R"("urls": ["builtin:/delay?min_ms=20&max_ms=40", "builtin:/status/404"],
          "checks": { "status": [200] }, "requests": 300, "concurrency": 10, "timeoutMs": 5000)");
    const QStringList reports = m_bench.startReportingAgents(QStringLiteral("w"), 2);
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(w.openProfile(profile));
    auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("tabs"));
    AgentsPage *page = w.fleetSession()->agentsPage();
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(page))); // no fleet run yet: no Agents tab

    // Run > Run on Fleet…: the dialog refuses what would not work, then starts on what it is given.
    w.fleetSession()->runOnFleetAction()->trigger();
    auto *dialog = w.findChild<FleetRunDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("redisUrl"))->setText(QStringLiteral("http://127.0.0.1:1"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("problem"))->isHidden());
    dialog->findChild<QLineEdit *>(QStringLiteral("redisUrl"))->setText(m_bench.redis->url());
    dialog->findChild<QSpinBox *>(QStringLiteral("agents"))->setValue(2);
    dialog->findChild<QSpinBox *>(QStringLiteral("waitSeconds"))->setValue(20);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    dialog->accept();
    QVERIFY(w.isRunning());
    QVERIFY(tabs->isTabVisible(tabs->indexOf(page)));
    QCOMPARE(FleetRunDialog::remembered().redisUrl, m_bench.redis->url()); // the next dialog starts from it

    // While it runs: both agents listed as running; a screenshot of the Agents tab if asked for.
    AgentsModel *agents = page->model();
    QTRY_VERIFY_WITH_TIMEOUT(agents->rowCount() == 2 && w.latestSnapshot()->totalDone() > 0, 20000);
    tabs->setCurrentWidget(page);
    screenshot(&w, QStringLiteral("fleet-agents-running"));
    QVERIFY(finished.wait(60000));

    for (const QString &name : {QStringLiteral("w0"), QStringLiteral("w1")}) {
        const int row = rowOf(agents, name);
        QVERIFY2(row >= 0, qPrintable(name));
        QCOMPARE(agents->data(agents->index(row, AgentsModel::State)).toString(), QStringLiteral("done"));
        QCOMPARE(agents->data(agents->index(row, AgentsModel::State), AgentsModel::StateKeyRole).toString(),
                 QStringLiteral("finished"));
    }
    for (auto &a : m_bench.agents->all())
        QVERIFY2(a->finish(10000) == 0, a->err.constData());
    screenshot(&w, QStringLiteral("fleet-agents-done"));

    // What the window shows (its counts model) and reports is the sum of the agents' own reports.
    const QString merged = m_bench.dir.filePath(QStringLiteral("window.json"));
    QString error;
    QVERIFY2(w.writeReport(merged, false, &error), qPrintable(error));
    const QJsonObject report = readJson(merged);
    QCOMPARE(report[QStringLiteral("agents")].toArray().size(), 2);
    const SnapshotPtr shown = w.countsModel()->snapshot();
    QVERIFY(shown && !shown->running);
    for (const WorkloadSnapshot &ws : shown->workloads) {
        StateCounts sum{};
        QMap<QString, qint64> checks, urls;
        for (const QString &r : reports) {
            for (const QJsonValue &own : readJson(r)[QStringLiteral("workloads")].toArray()) {
                if (own[QStringLiteral("name")].toString() != ws.name)
                    continue;
                for (int s = 0; s < kTaskStateCount; ++s)
                    sum[size_t(s)] += own[QStringLiteral("counts")][stateKey(TaskState(s))].toInteger();
                const QJsonObject c = own[QStringLiteral("checks")].toObject();
                for (auto it = c.begin(); it != c.end(); ++it)
                    checks[it.key()] += it.value()[QStringLiteral("failed")].toInteger();
                for (const QJsonValue &u : own[QStringLiteral("urls")].toArray())
                    urls[u[QStringLiteral("url")].toString()] +=
                        u[QStringLiteral("counts")][QStringLiteral("succeeded")].toInteger() +
                        u[QStringLiteral("counts")][QStringLiteral("failed")].toInteger();
            }
        }
        QCOMPARE(ws.counts, sum);
        QMap<QString, qint64> shownChecks, shownUrls;
        for (const CheckTally &c : ws.checks)
            shownChecks[c.name] = c.failed;
        for (const UrlSummary &u : ws.urls)
            shownUrls[u.url] = u.succeeded + u.failed;
        QCOMPARE(shownChecks, checks);
        QCOMPARE(shownUrls, urls);
    }
    QCOMPARE(shown->totalDone(), 700);
    QCOMPARE(shown->workloads[1].urls.size(), 2);
}

QString TestFleetWindow::startEndlessOnTwoAgents(MainWindow &w, const QString &agentPrefix)
{
    const QString profile = m_bench.writeProfile(R"({
      "schemaVersion": 1, "name": "endless", "run": { "durationSeconds": 60 },
      "workloads": [ { "type": "sleep", "name": "naps", "tasks": 1000000, "concurrency": 10,
                       "delayMs": { "dist": "fixed", "value": 20 } } ]
    })");
    for (int i = 0; i < 2; ++i)
        m_bench.agents->start(agentPrefix + QString::number(i), {QStringLiteral("--once")});
    w.show();
    if (!w.openProfile(profile))
        return QStringLiteral("the window did not open %1").arg(profile);
    // The slot the dialog's Start calls.
    w.startFleetRun(FleetController::Options{m_bench.redis->url(), QString(), 2, {}, 20000});
    // The controller is in this process: waits here must run its event loop (qWaitFor), not block it.
    const auto agentsListed = [&w] { return w.fleetSession()->agentsPage()->model()->rowCount(); };
    const auto done = [&w] { return w.latestSnapshot() ? w.latestSnapshot()->totalDone() : 0; };
    if (!QTest::qWaitFor([&] { return agentsListed() == 2 && done() > 0; }, 20000))
        return QStringLiteral("after 20 s, %1 agents listed and %2 tasks done").arg(agentsListed()).arg(done());
    return {};
}

void TestFleetWindow::killedAgentShowsLost()
{
    MainWindow w;
    QSignalSpy finished(&w, &MainWindow::runFinished);
    const QString notStarted = startEndlessOnTwoAgents(w, QStringLiteral("k"));
    QVERIFY2(notStarted.isEmpty(), qPrintable(notStarted));
    AgentsModel *agents = w.fleetSession()->agentsPage()->model();
    ::kill(pid_t((*m_bench.agents)[1].p->processId()), SIGKILL);

    // The heartbeat key lapses within 3 s; the controller looks every 250 ms.
    const int row = rowOf(agents, QStringLiteral("k1"));
    QTRY_COMPARE_WITH_TIMEOUT(agents->data(agents->index(row, AgentsModel::State)).toString(), QStringLiteral("lost"),
                              10000);
    QCOMPARE(agents->data(agents->index(row, AgentsModel::Name), Qt::ForegroundRole).value<QBrush>().color(),
             QColor(0xc0, 0x39, 0x2b));
    QVERIFY(agents->data(agents->index(row, AgentsModel::State), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("heartbeat")));
    QCOMPARE(agents->data(agents->index(rowOf(agents, QStringLiteral("k0")), AgentsModel::State)).toString(),
             QStringLiteral("running"));
    QVERIFY(w.isRunning()); // onAgentLoss "continue": the run goes on
    auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentWidget(w.fleetSession()->agentsPage());
    screenshot(&w, QStringLiteral("fleet-agent-lost"));

    // Cancel all from the window reaches the agent left: it cancels and, with --once, exits.
    w.cancelAll();
    QVERIFY(finished.wait(30000));
    QVERIFY2((*m_bench.agents)[0].finish(15000) == 0, (*m_bench.agents)[0].err.constData());
    QVERIFY2((*m_bench.agents)[0].err.contains("asked to cancel"), (*m_bench.agents)[0].err.constData());
    QVERIFY(!w.isRunning());
}

void TestFleetWindow::gracefulStopReachesEveryAgent()
{
    MainWindow w;
    QSignalSpy finished(&w, &MainWindow::runFinished);
    const QString notStarted = startEndlessOnTwoAgents(w, QStringLiteral("g"));
    QVERIFY2(notStarted.isEmpty(), qPrintable(notStarted));
    w.stopRun();
    auto *state = w.findChild<QLabel *>(QStringLiteral("stateLabel"));
    QCOMPARE(state->text(), QStringLiteral("Stopping"));
    QVERIFY(finished.wait(30000));
    QCOMPARE(state->text(), QStringLiteral("Finished"));
    for (auto &a : m_bench.agents->all()) {
        QVERIFY2(a->finish(15000) == 0, a->err.constData());
        QVERIFY2(a->err.contains("the controller asked to stop"), a->err.constData());
    }
    // Every agent's part ended: nothing is left running or pending in the merged figures.
    QCOMPARE(w.latestSnapshot()->totals[stateIndex(TaskState::Running)], 0);
    QCOMPARE(w.latestSnapshot()->totals[stateIndex(TaskState::Pending)], 0);
}

void TestFleetWindow::fleetOnTheCommandLineOpensTheWindowOnIt()
{
    // `coroscope --fleet URL PROFILE --exit-when-done`: the window starts on the fleet at once.
    const QString profile = m_bench.writeProfile(R"({ "schemaVersion": 1, "name": "cli-window",
      "workloads": [ { "type": "sleep", "name": "naps", "tasks": 50, "concurrency": 5 } ] })");
    m_bench.agents->start(QStringLiteral("c0"), {QStringLiteral("--once")});
    const QString report = m_bench.dir.filePath(QStringLiteral("cli-window.json"));
    Proc window;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_bench.dir.filePath(QStringLiteral("config")));
    window.p->setProcessEnvironment(env);
    window.p->start(m_bench.binary,
                    {profile, QStringLiteral("--fleet"), m_bench.redis->url(), QStringLiteral("--agent-wait"),
                     QStringLiteral("20s"), QStringLiteral("--exit-when-done"), QStringLiteral("--report"), report});
    QVERIFY2(window.finish(60000) == 0, window.err.constData());
    QVERIFY2((*m_bench.agents)[0].finish(10000) == 0, (*m_bench.agents)[0].err.constData());
    const QJsonObject j = readJson(report);
    QCOMPARE(j[QStringLiteral("agents")].toArray().size(), 1);
    QCOMPARE(j[QStringLiteral("agents")][0][QStringLiteral("name")].toString(), QStringLiteral("c0"));
    QCOMPARE(j[QStringLiteral("totals")][QStringLiteral("succeeded")].toInteger(), 50);
}

QTEST_MAIN(TestFleetWindow)
#include "tst_fleet_window.moc"
