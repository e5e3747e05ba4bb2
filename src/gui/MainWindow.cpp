#include "gui/MainWindow.h"

#include "core/Run.h"
#include "gui/ErrorsModel.h"
#include "gui/LatencyHistogramChart.h"
#include "gui/PngExport.h"
#include "gui/RulesDialog.h"
#include "gui/StateAppearance.h"
#include "gui/StateCountsModel.h"
#include "gui/TaskTablePage.h"
#include "gui/TimeSeriesChart.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "profile/ProfileWriter.h"
#include "report/JsonReport.h"
#include "workloads/WorkloadRegistry.h"

#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>

namespace coroscope {

namespace {
constexpr double kLagWarningMs = 50.0;
constexpr qint64 kFrameMs = 100; // the window draws at most 10 frames a second
// Charts over a minute move smoothly at 5 frames a second, and redrawing seven of them is the
// window's largest cost: at 10 Hz the echo benchmark lost 12 % of its throughput, at 5 Hz 6 %.
constexpr qint64 kChartFrameMs = 200;

const WorkloadSnapshot *findWorkload(const Snapshot &s, const QString &name)
{
    for (const WorkloadSnapshot &w : s.workloads) {
        if (w.name == name)
            return &w;
    }
    return nullptr;
}

double gauge(const WorkloadSnapshot &w, Gauge g)
{
    return w.gauges.value(g);
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), m_model(new StateCountsModel(this)),
      m_errors(new ErrorsModel(this)), m_lagLabel(new QLabel(this)), m_tasksLabel(new QLabel(this))
{
    ui->setupUi(this);
    // Charts over the last 60 s at 10 snapshots a second.
    m_statesChart = new TimeSeriesChart(
        tr("Tasks by state, all workloads"), tr("count"),
        {tr("pending"), tr("running"), tr("succeeded"), tr("failed"), tr("timed out"), tr("cancelled")},
        TimeSeriesChart::Style::StackedAreas);
    for (int i = 0; i < kTaskStateCount; ++i)
        m_statesChart->setSeriesColor(i, stateColor(TaskState(i)));
    m_throughputChart = new TimeSeriesChart(tr("Throughput"), tr("tasks done per second"), {tr("all"), tr("selected")});
    m_latencyChart = new TimeSeriesChart(
        tr("Latency"), tr("ms"), {tr("p50"), tr("p90"), tr("p99"), tr("uncorrected p50"), tr("uncorrected p99")});
    m_lagChart = new TimeSeriesChart(tr("Event-loop lag"), tr("ms"), {tr("max since last update"), tr("p99 so far")});
    m_histogramChart = new LatencyHistogramChart;
    m_queueDepthChart = new TimeSeriesChart(tr("Queue depth"), tr("items"),
                                            {tr("depth"), tr("producers waiting"), tr("consumers waiting")});
    m_queueTimesChart = new TimeSeriesChart(tr("Queue wait vs service"), tr("ms"),
                                            {tr("wait p50"), tr("wait p99"), tr("service p50"), tr("service p99")});
    auto *grid = static_cast<QGridLayout *>(ui->chartsContents->layout());
    grid->addWidget(m_statesChart, 0, 0);
    grid->addWidget(m_throughputChart, 0, 1);
    grid->addWidget(m_latencyChart, 1, 0);
    grid->addWidget(m_histogramChart, 1, 1);
    grid->addWidget(m_lagChart, 2, 0);
    grid->addWidget(m_queueDepthChart, 2, 1);
    grid->addWidget(m_queueTimesChart, 3, 0);
    m_tasksPage = new TaskTablePage;
    ui->tasksPage->layout()->addWidget(m_tasksPage);
    m_queueDepthChart->hide();
    m_queueTimesChart->hide();
    m_latencyChart->setSeriesVisible(3, false);
    m_latencyChart->setSeriesVisible(4, false);
    ui->errorsView->setModel(m_errors);
    ui->errorsView->verticalHeader()->hide();
    ui->errorsView->horizontalHeader()->setStretchLastSection(true);
    ui->countsView->setModel(m_model);
    ui->countsView->verticalHeader()->hide();
    ui->countsView->horizontalHeader()->setStretchLastSection(true);
    ui->countsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    statusBar()->addWidget(m_tasksLabel, 1);
    statusBar()->addPermanentWidget(m_lagLabel);
    m_lagLabel->setToolTip(tr("How late the event loop's 10 ms heartbeat runs (p99 over the run, and the "
                              "worst since the last update)"));

    connect(ui->startButton, &QPushButton::clicked, this, &MainWindow::startRun);
    connect(ui->stopButton, &QPushButton::clicked, this, &MainWindow::stopRun);
    connect(ui->cancelAllButton, &QPushButton::clicked, this, &MainWindow::cancelAll);
    connect(ui->actionStart, &QAction::triggered, this, &MainWindow::startRun);
    connect(ui->actionStop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(ui->actionCancelAll, &QAction::triggered, this, &MainWindow::cancelAll);
    connect(ui->actionOpen, &QAction::triggered, this, &MainWindow::chooseProfile);
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(ui->actionNew, &QAction::triggered, this, &MainWindow::newProfile);
    connect(ui->actionSave, &QAction::triggered, this, &MainWindow::save);
    connect(ui->actionSaveAs, &QAction::triggered, this, &MainWindow::saveAs);
    connect(ui->actionExportReport, &QAction::triggered, this, &MainWindow::exportReport);
    connect(ui->actionEditRules, &QAction::triggered, this, &MainWindow::editRules);
    connect(ui->editRulesButton, &QPushButton::clicked, this, &MainWindow::editRules);
    connect(ui->actionExportCharts, &QAction::triggered, this, &MainWindow::exportCharts);
    m_frameTimer.setSingleShot(true);
    connect(&m_frameTimer, &QTimer::timeout, this, &MainWindow::drawFrame);
    connect(ui->tabs, &QTabWidget::currentChanged, this, [this] {
        if (chartsVisible())
            refreshCharts();
    });
    connect(ui->workloadsEditor, &WorkloadsEditor::changed, this, &MainWindow::onWorkloadsEdited);
    connect(ui->workloadsEditor, &WorkloadsEditor::problemsChanged, this, &MainWindow::updateControls);
    connect(ui->workloadsEditor, &WorkloadsEditor::renamed, this, &MainWindow::onWorkloadRenamed);
    connect(ui->workloadsEditor, &WorkloadsEditor::currentWorkloadChanged, this, &MainWindow::selectWorkload);

    // View: the docks, the tabs by number, the chart export.
    ui->menuView->addAction(ui->workloadsDock->toggleViewAction());
    ui->menuView->addAction(ui->rulesDock->toggleViewAction());
    ui->menuView->addSeparator();
    for (int i = 0; i < ui->tabs->count(); ++i) {
        QAction *a = ui->menuView->addAction(ui->tabs->tabText(i).remove(u'&'));
        a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        connect(a, &QAction::triggered, this, [this, i] { ui->tabs->setCurrentIndex(i); });
    }

    fillRecentMenu();
    fillScenariosMenu();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: room for the editor's forms, a short rules strip.
        resizeDocks({ui->workloadsDock}, {400}, Qt::Horizontal);
        resizeDocks({ui->rulesDock}, {100}, Qt::Vertical);
    }
    ui->workloadsEditor->splitter()->restoreState(
        settings.value(QStringLiteral("window/editorSplitter")).toByteArray());
    m_tasksPage->splitter()->restoreState(settings.value(QStringLiteral("window/tasksSplitter")).toByteArray());
    ui->tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    updateControls();
}

MainWindow::~MainWindow() = default;

bool MainWindow::isRunning() const
{
    return m_run && m_run->phase() != Run::Phase::Finished;
}

bool MainWindow::openProfile(const QString &path)
{
    if (isRunning()) {
        showError(tr("Cannot open a profile"), tr("Stop the run first."));
        return false;
    }
    const ProfileLoader::Result loaded = ProfileLoader::loadFile(path);
    QString problems = loaded.errorText(path);
    if (loaded.ok()) {
        QList<JsonIssue> issues;
        WorkloadRegistry::createAll(*loaded.spec, &issues);
        QStringList errors;
        for (const auto &i : issues) {
            if (!i.warning)
                errors << path + QStringLiteral(": ") + i.toString();
        }
        problems = errors.join(u'\n');
    }
    if (!problems.isEmpty()) {
        showError(tr("Cannot open the profile"),
                  tr("The profile was not opened; the current one stays.\n\n%1").arg(problems));
        return false;
    }
    // Bundled profiles live in the read-only resources: Save then asks where.
    const bool bundled = path.startsWith(u':');
    loadSpec(*loaded.spec, bundled ? QString() : QFileInfo(path).absoluteFilePath());
    if (!bundled)
        rememberRecent(m_path);
    // Unknown keys are kept, not dropped, and the user hears about them.
    QStringList warnings = loaded.warnings(path);
    QList<JsonIssue> workloadIssues;
    WorkloadRegistry::createAll(*loaded.spec, &workloadIssues);
    for (const JsonIssue &i : workloadIssues)
        warnings << path + QStringLiteral(": warning: ") + i.toString();
    if (!warnings.isEmpty()) {
        auto *box = new QMessageBox(QMessageBox::Information, tr("Opened with warnings"),
                                    tr("The profile was opened; these keys are not known: they are not used, "
                                       "and saving keeps them.\n\n%1")
                                        .arg(warnings.join(u'\n')),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("warningBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return true;
}

void MainWindow::setRunSpec(const RunSpec &spec)
{
    loadSpec(spec, QString());
}

void MainWindow::loadSpec(const RunSpec &spec, const QString &path)
{
    m_spec = spec;
    m_path = path;
    if (!isRunning())
        forgetRun();
    ui->profileLabel->setText(spec.sourceFile.isEmpty() || spec.sourceFile.startsWith(u':')
                                  ? spec.name
                                  : QStringLiteral("%1 (%2)").arg(spec.name, QFileInfo(spec.sourceFile).fileName()));
    ui->profileLabel->setToolTip(spec.description);
    setWindowTitle(tr("%1[*] - Coroscope").arg(spec.name));
    ui->workloadsEditor->setWorkloads(spec.workloads);
    selectWorkload(ui->workloadsEditor->currentName());
    setDirty(false);
    showRules({});
    updateControls();
}

void MainWindow::forgetRun()
{
    // Another profile: nothing of the last run stays on screen under its name.
    m_tasksPage->setRun(nullptr);
    m_run.reset();
    m_series.reset();
    m_finalSnapshot.reset();
    m_ruleResults.clear();
    m_pending.reset();
    m_frameTimer.stop();
    m_model->setSnapshot(nullptr);
    m_errors->setSnapshot(nullptr);
    for (TimeSeriesChart *c : charts())
        c->clear();
    m_histogramChart->clear();
    m_queueShown.clear();
    ui->tiles->clear();
    ui->targetsLabel->clear();
    ui->targetsLabel->setToolTip(QString());
    ui->elapsedLabel->setText(tr("%1 s").arg(QStringLiteral("0.0")));
}

void MainWindow::setDirty(bool dirty)
{
    setWindowModified(dirty);
}

bool MainWindow::maybeSave()
{
    if (!isWindowModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("The profile \"%1\" has changes that are not saved.").arg(m_spec->name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newProfile()
{
    if (isRunning() || !maybeSave())
        return;
    const auto blank = ProfileLoader::parse(R"({"schemaVersion": 1, "name": "untitled", "workloads": [
        {"type": "sleep", "name": "gather", "tasks": 3, "delayMs": {"dist": "list", "values": [1000, 2000, 4000]}}]})",
                                            QStringLiteral("untitled"));
    loadSpec(*blank.spec, QString());
}

bool MainWindow::save()
{
    if (!m_spec)
        return false;
    return m_path.isEmpty() ? saveAs() : saveProfileAs(m_path);
}

bool MainWindow::saveAs()
{
    if (!m_spec)
        return false;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/lastDirectory"), QDir::homePath()).toString();
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Profile"), dir + u'/' + m_spec->name + QStringLiteral(".json"),
                                     tr("Coroscope profiles (*.json)"));
    return !path.isEmpty() && saveProfileAs(path);
}

bool MainWindow::saveProfileAs(const QString &path)
{
    const QStringList problems = profileProblems();
    if (!problems.isEmpty()) {
        showError(
            tr("Cannot save the profile"),
            tr("Fix these first: a profile saved like this would not open again.\n\n%1").arg(problems.join(u'\n')));
        return false;
    }
    QString error;
    if (!ProfileWriter::save(path, *m_spec, &error)) {
        showError(tr("Cannot save the profile"), tr("%1: %2").arg(path, error));
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_spec->sourceDocument = ProfileWriter::toJson(*m_spec);
    setDirty(false);
    rememberRecent(m_path);
    return true;
}

void MainWindow::setRules(const QList<PassFailRule> &rules)
{
    if (!m_spec)
        return;
    m_spec->rules = rules;
    setDirty(true);
    // After a run the new rules are judged on its figures, so the verdicts and the report agree.
    m_ruleResults = m_finalSnapshot ? RuleEvaluator::evaluateAll(rules, *m_finalSnapshot) : QList<RuleResult>();
    showRules(m_ruleResults);
    updateControls();
}

void MainWindow::editRules()
{
    if (!m_spec)
        return;
    QStringList names;
    for (const WorkloadSpec &w : m_spec->workloads)
        names << w.name;
    RulesDialog dialog(names, m_spec->rules, this);
    if (dialog.exec() == QDialog::Accepted)
        setRules(dialog.rules());
}

void MainWindow::showRules(const QList<RuleResult> &results)
{
    ui->rulesList->clear();
    if (!m_spec)
        return;
    if (!results.isEmpty()) {
        for (const RuleResult &r : results) {
            auto *item = new QListWidgetItem(r.passed ? tr("PASS  %1 (actual %2)").arg(r.rule).arg(r.actual)
                                                      : tr("FAIL  %1 (actual %2)").arg(r.rule).arg(r.actual));
            item->setForeground(r.passed ? QColor(0, 120, 0) : QColor(190, 0, 0));
            ui->rulesList->addItem(item);
        }
        return;
    }
    for (const PassFailRule &r : m_spec->rules)
        ui->rulesList->addItem(tr("%1 (evaluated when the run ends)").arg(r.text()));
    if (m_spec->rules.isEmpty())
        ui->rulesList->addItem(tr("No rules: every run passes."));
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("files/recent")).toStringList();
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(QStringLiteral("files/recent"), recent);
    settings.setValue(QStringLiteral("files/lastDirectory"), QFileInfo(path).absolutePath());
    fillRecentMenu();
}

void MainWindow::fillRecentMenu()
{
    ui->menuRecent->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent) {
        QAction *a = ui->menuRecent->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openProfile(path);
        });
    }
    ui->menuRecent->setEnabled(!recent.isEmpty());
}

void MainWindow::fillScenariosMenu()
{
    const QDir dir(QStringLiteral(":/profiles"));
    for (const QString &file : dir.entryList({QStringLiteral("scenario-*.json")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(file);
        const auto loaded = ProfileLoader::loadFile(path);
        QAction *a = ui->menuScenarios->addAction(loaded.ok() ? loaded.spec->name : file);
        if (loaded.ok())
            a->setToolTip(loaded.spec->description);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openProfile(path);
        });
    }
}

void MainWindow::exportReport()
{
    if (!m_finalSnapshot || !m_spec) {
        showError(tr("Nothing to export"), tr("Run the profile first: the report describes a finished run."));
        return;
    }
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/lastDirectory"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Report"),
                                                      dir + u'/' + m_spec->name + QStringLiteral("-report.json"),
                                                      tr("JSON reports (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!writeReport(path, true, &error)) {
        showError(tr("Cannot export the report"), error);
        return;
    }
    const QString csvPath =
        QFileInfo(path).absolutePath() + u'/' + QFileInfo(path).completeBaseName() + QStringLiteral(".csv");
    statusBar()->showMessage(tr("Report written to %1 and %2").arg(path, csvPath), 5000);
}

bool MainWindow::writeReport(const QString &path, bool csv, QString *error) const
{
    if (!m_finalSnapshot || !m_spec) {
        *error = tr("no run has finished yet");
        return false;
    }
    const QJsonObject report = JsonReport::build(*m_spec, *m_finalSnapshot, m_run ? m_run->startedAt() : QDateTime(),
                                                 false, m_ruleResults, m_series ? m_series->toJson() : QJsonArray());
    QString why;
    if (!JsonReport::write(path, report, &why)) {
        *error = tr("%1: %2").arg(path, why);
        return false;
    }
    if (!csv || !m_series)
        return true;
    // The 1-second series beside it, as --csv writes it.
    const QString csvPath =
        QFileInfo(path).absolutePath() + u'/' + QFileInfo(path).completeBaseName() + QStringLiteral(".csv");
    QSaveFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_series->toCsv()) < 0 || !file.commit()) {
        *error = tr("%1: %2").arg(csvPath, file.errorString());
        return false;
    }
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (openDropped(event->mimeData()))
        event->acceptProposedAction();
}

bool MainWindow::openDropped(const QMimeData *mime)
{
    const QList<QUrl> urls = mime->urls();
    return urls.size() == 1 && urls.first().isLocalFile() && maybeSave() && openProfile(urls.first().toLocalFile());
}

void MainWindow::startRun()
{
    if (!startBlockedReason().isEmpty())
        return;
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::createAll(*m_spec, &issues);
    if (workloads.empty()) {
        QStringList errors;
        for (const auto &i : issues)
            errors << i.toString();
        showError(tr("Cannot start"), errors.join(u'\n'));
        return;
    }
    // The new run is prepared (servers bound, targets resolved) before the last one is let go, so a
    // failure leaves the last run's figures and report where they were.
    auto run = std::make_unique<Run>(*m_spec, std::move(workloads));
    QString error;
    if (!run->prepare(&error)) {
        showError(tr("Cannot start"), error);
        updateControls();
        return;
    }
    m_run = std::move(run);
    m_series = std::make_unique<TimeSeriesRecorder>();
    m_finalSnapshot.reset();
    m_ruleResults.clear();
    m_pending.reset();
    m_lagSinceFrame = 0;
    m_frameTimer.stop();
    m_frameClock.invalidate();
    m_chartClock.invalidate();
    for (TimeSeriesChart *c : charts())
        c->clear();
    m_histogramChart->clear();
    m_queueShown.clear();
    showRules({});
    m_tasksPage->setRun(m_run.get());
    connect(m_run.get(), &Run::snapshotReady, this, &MainWindow::showSnapshot);
    connect(m_run.get(), &Run::finished, this, &MainWindow::onRunFinished);
    m_run->start();
    showSnapshot(m_run->latestSnapshot());
    updateControls();
}

void MainWindow::stopRun()
{
    if (isRunning())
        m_run->stopGracefully();
    updateControls();
}

void MainWindow::cancelAll()
{
    if (isRunning())
        m_run->cancelAll();
    updateControls();
}

void MainWindow::showSnapshot(const SnapshotPtr &s)
{
    // At most 10 frames a second whatever the snapshot rate: the newest snapshot wins, and the worst
    // loop lag among the ones skipped is kept for the frame.
    m_pending = s;
    m_lagSinceFrame = std::max(m_lagSinceFrame, s->loopLag.recentMaxMs);
    if (m_series)
        m_series->offer(*s);
    if (m_frameTimer.isActive())
        return;
    const qint64 since = m_frameClock.isValid() ? m_frameClock.elapsed() : kFrameMs;
    if (since >= kFrameMs)
        drawFrame();
    else
        m_frameTimer.start(int(kFrameMs - since));
}

void MainWindow::drawFrame()
{
    if (!m_pending)
        return;
    m_frameClock.start();
    const SnapshotPtr s = std::exchange(m_pending, nullptr);
    const double lagMs = std::exchange(m_lagSinceFrame, 0.0);
    m_model->setSnapshot(s);
    m_errors->setSnapshot(s);
    const WorkloadSnapshot *selected = findWorkload(*s, m_selected);
    ui->tiles->show(s->totals, selected ? &selected->counts : nullptr, m_selected);
    showTargets(*s);
    plot(*s, lagMs);
    m_tasksPage->refresh(); // a no-op while the page is hidden
    ui->elapsedLabel->setText(tr("%1 s").arg(QString::number(double(s->elapsedNs) / 1e9, 'f', 1)));
    m_lagLabel->setText(tr("Loop lag p99 %1 ms, recent max %2 ms")
                            .arg(QString::number(s->loopLag.p99Ms, 'f', 2), QString::number(lagMs, 'f', 2)));
    // Past 50 ms the generator's own loop, not the target, limits what is measured: say so.
    const bool lagging = lagMs > kLagWarningMs;
    m_lagLabel->setStyleSheet(lagging ? QStringLiteral("color: #b00000; font-weight: bold") : QString());
    m_lagLabel->setToolTip(lagging ? tr("The event loop ran %1 ms late: the generator, not the target, is now the "
                                        "bottleneck, and latencies include that delay.")
                                         .arg(QString::number(lagMs, 'f', 1))
                                   : tr("How late the event loop's 10 ms heartbeat runs (p99 over the run, and the "
                                        "worst since the last update)"));
    m_lagLabel->setProperty("lagging", lagging);
    m_tasksLabel->setText(tr("%n task(s) done", nullptr, int(std::min<qint64>(s->totalDone(), INT_MAX))));
    updateControls();
}

bool MainWindow::chartsVisible() const
{
    return ui->tabs->currentWidget() == ui->chartsPage && isVisible();
}

void MainWindow::plot(const Snapshot &s, double lagMs)
{
    const double t = double(s.elapsedNs) / 1e9;
    QList<double> states;
    for (qint64 n : s.totals)
        states << double(n);
    m_statesChart->append(t, states);

    const WorkloadSnapshot *selected = findWorkload(s, m_selected);
    m_throughputChart->append(t, {s.throughputPerSecond, selected ? selected->throughputPerSecond : 0.0});

    // Latency of the selected workload, else of the slowest one.
    LatencySummary latency = selected ? selected->latency : LatencySummary{};
    if (!selected) {
        for (const WorkloadSnapshot &w : s.workloads) {
            if (w.latency.p99Ms > latency.p99Ms)
                latency = w.latency;
        }
    }
    // In fixed-rate mode latency counts from the intended send time; the uncorrected figures beside it
    // show how much a stalled target would have hidden (coordinated omission).
    const bool corrected = selected && selected->gauges.contains(Gauge::UncorrectedP50Ms);
    m_latencyChart->setSeriesVisible(3, corrected);
    m_latencyChart->setSeriesVisible(4, corrected);
    m_latencyChart->append(t, {latency.p50Ms, latency.p90Ms, latency.p99Ms,
                               corrected ? gauge(*selected, Gauge::UncorrectedP50Ms) : 0.0,
                               corrected ? gauge(*selected, Gauge::UncorrectedP99Ms) : 0.0});
    m_lagChart->append(t, {lagMs, s.loopLag.p99Ms});

    // The queue charts follow the selected queue workload, else the first one.
    const WorkloadSnapshot *queue = selected && selected->type == QLatin1String("queue") ? selected : nullptr;
    for (size_t i = 0; !queue && i < s.workloads.size(); ++i) {
        if (s.workloads[i].type == QLatin1String("queue"))
            queue = &s.workloads[i];
    }
    m_queueDepthChart->setVisible(queue != nullptr);
    m_queueTimesChart->setVisible(queue != nullptr);
    if (queue) {
        if (queue->name != m_queueShown) {
            m_queueShown = queue->name;
            m_queueDepthChart->clear();
            m_queueTimesChart->clear();
            m_queueDepthChart->setTitle(tr("Queue depth: %1").arg(queue->name));
            m_queueTimesChart->setTitle(tr("Queue wait vs service: %1").arg(queue->name));
        }
        m_queueDepthChart->append(t, {gauge(*queue, Gauge::QueueDepth), gauge(*queue, Gauge::ProducersWaitingForRoom),
                                      gauge(*queue, Gauge::ConsumersWaitingForItems)});
        m_queueTimesChart->append(t, {gauge(*queue, Gauge::WaitP50Ms), gauge(*queue, Gauge::WaitP99Ms),
                                      gauge(*queue, Gauge::ServiceP50Ms), gauge(*queue, Gauge::ServiceP99Ms)});
    }
    // Only a visible chart is redrawn, and at most every kChartFrameMs; the rings keep every frame.
    if (chartsVisible() && (!m_chartClock.isValid() || m_chartClock.elapsed() >= kChartFrameMs)) {
        m_chartClock.start();
        refreshCharts();
    }
}

void MainWindow::refreshCharts()
{
    for (TimeSeriesChart *c : charts()) {
        if (c->isVisible())
            c->refresh();
    }
    refreshHistogram();
}

void MainWindow::refreshHistogram()
{
    const SnapshotPtr s = m_model->snapshot();
    if (!s) {
        m_histogramChart->clear();
        return;
    }
    if (const WorkloadSnapshot *w = findWorkload(*s, m_selected)) {
        m_histogramChart->show(w->histogram);
        return;
    }
    LatencyHistogram all;
    for (const WorkloadSnapshot &w : s->workloads)
        all.merge(w.histogram);
    m_histogramChart->show(all);
}

void MainWindow::selectWorkload(const QString &name)
{
    if (name == m_selected && !name.isEmpty())
        return;
    m_selected = name;
    // Per-workload charts start over: their history belongs to the workload shown before.
    const QString shown = name.isEmpty() ? tr("slowest workload") : name;
    m_latencyChart->clear();
    m_throughputChart->clear();
    m_latencyChart->setTitle(tr("Latency: %1").arg(shown));
    m_throughputChart->setSeriesVisible(1, !name.isEmpty());
    m_histogramChart->setTitle(name.isEmpty() ? tr("Latency histogram: all workloads")
                                              : tr("Latency histogram: %1").arg(name));
    if (const SnapshotPtr s = m_model->snapshot()) {
        const WorkloadSnapshot *w = findWorkload(*s, name);
        ui->tiles->show(s->totals, w ? &w->counts : nullptr, name);
        if (chartsVisible())
            refreshCharts();
    } else {
        ui->tiles->show(StateCounts{}, nullptr, name);
    }
}

WorkloadsEditor *MainWindow::workloadsEditor() const
{
    return ui->workloadsEditor;
}

void MainWindow::onWorkloadsEdited()
{
    if (!m_spec)
        return;
    m_spec->workloads = ui->workloadsEditor->workloads();
    setDirty(true);
    updateControls();
}

void MainWindow::onWorkloadRenamed(const QString &from, const QString &to)
{
    // Rules follow the workload they name, unless another workload still has that name (its rules).
    if (!m_spec)
        return;
    const bool stillNamed = std::any_of(m_spec->workloads.cbegin(), m_spec->workloads.cend(),
                                        [&from](const WorkloadSpec &w) { return w.name == from; });
    bool changed = false;
    for (PassFailRule &r : m_spec->rules) {
        if (!stillNamed && r.workload == from) {
            r.workload = to;
            changed = true;
        }
    }
    if (changed)
        showRules({});
    updateControls();
}

void MainWindow::exportCharts()
{
    // Every chart, drawn now, including those scrolled out of view or on a tab not shown.
    for (TimeSeriesChart *c : charts()) {
        if (!c->isHidden())
            c->refresh();
    }
    refreshHistogram();
    const QString path = PngExport::askAndSave(
        ui->chartsContents, (m_spec ? m_spec->name : QStringLiteral("coroscope")) + QStringLiteral("-charts"), this);
    if (!path.isEmpty())
        statusBar()->showMessage(tr("Charts written to %1").arg(path), 5000);
}

void MainWindow::showTargets(const Snapshot &s)
{
    QStringList targets;
    for (const WorkloadSnapshot &w : s.workloads) {
        if (!w.target.isEmpty())
            targets << QStringLiteral("%1: %2").arg(w.name, w.target);
    }
    const QString all = targets.join(QStringLiteral("\n"));
    if (ui->targetsLabel->toolTip() == all)
        return;
    ui->targetsLabel->setToolTip(all);
    const QString line = targets.join(QStringLiteral("  |  "));
    ui->targetsLabel->setText(
        ui->targetsLabel->fontMetrics().elidedText(line, Qt::ElideRight, std::max(200, width() / 2)));
}

void MainWindow::onRunFinished(const SnapshotPtr &s)
{
    // The final figures are drawn at once, not a frame later.
    showSnapshot(s);
    m_frameTimer.stop();
    m_chartClock.invalidate();
    drawFrame();
    if (m_series)
        m_series->finish(*s);
    m_finalSnapshot = s;
    m_ruleResults = RuleEvaluator::evaluateAll(m_spec->rules, *s);
    showRules(m_ruleResults);
    updateControls();
    Q_EMIT runFinished(s);
}

void MainWindow::updateControls()
{
    const bool running = isRunning();
    const bool stopping = running && m_run->phase() == Run::Phase::Stopping;
    const QString blocked = startBlockedReason();
    ui->startButton->setEnabled(blocked.isEmpty());
    ui->actionStart->setEnabled(ui->startButton->isEnabled());
    // A disabled Start says why in its tooltip.
    ui->startButton->setToolTip(blocked.isEmpty() ? tr("Start the profile's workloads (F5)")
                                                  : tr("Cannot start:\n%1").arg(blocked));
    ui->startButton->setProperty("blockedReason", blocked);
    ui->workloadsEditor->setEnabled(m_spec.has_value());
    ui->workloadsEditor->setEditable(!running);
    ui->stopButton->setEnabled(running && !stopping);
    ui->actionStop->setEnabled(ui->stopButton->isEnabled());
    ui->cancelAllButton->setEnabled(running);
    ui->actionCancelAll->setEnabled(running);
    ui->actionOpen->setEnabled(!running);
    ui->actionNew->setEnabled(!running);
    ui->menuRecent->setEnabled(!running && !recentFiles().isEmpty());
    ui->menuScenarios->setEnabled(!running);
    ui->actionSave->setEnabled(m_spec.has_value());
    ui->actionSaveAs->setEnabled(m_spec.has_value());
    ui->actionExportReport->setEnabled(m_finalSnapshot != nullptr && !running);
    ui->actionEditRules->setEnabled(m_spec.has_value() && !running);
    ui->editRulesButton->setEnabled(ui->actionEditRules->isEnabled());
    ui->stateLabel->setText(!m_run ? tr("Idle") : stopping ? tr("Stopping") : running ? tr("Running") : tr("Finished"));
}

QStringList MainWindow::profileProblems() const
{
    if (!m_spec)
        return {};
    QStringList problems = ui->workloadsEditor->problems();
    // Rules name workloads: a removed or renamed-away workload leaves a rule nobody can satisfy.
    for (qsizetype i = 0; i < m_spec->rules.size(); ++i) {
        const QString &name = m_spec->rules[i].workload;
        const bool known = name.isEmpty() || std::any_of(m_spec->workloads.cbegin(), m_spec->workloads.cend(),
                                                         [&name](const WorkloadSpec &w) { return w.name == name; });
        if (!known)
            problems << tr("rules[%1].workload: expected the name of a workload of this profile, found \"%2\"")
                            .arg(i)
                            .arg(name);
    }
    return problems;
}

QString MainWindow::startBlockedReason() const
{
    if (!m_spec)
        return tr("No profile is loaded.");
    if (isRunning())
        return tr("A run is in progress: stop it or cancel all first.");
    QStringList reasons = profileProblems();
    if (!ui->workloadsEditor->hasEnabledWorkload())
        reasons << tr("workloads: expected at least one enabled workload");
    return reasons.join(u'\n');
}

void MainWindow::showError(const QString &title, const QString &text)
{
    // Window-modal and non-blocking: a run in progress keeps updating behind it.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::chooseProfile()
{
    if (!maybeSave())
        return;
    const QString dir = QSettings().value(QStringLiteral("files/lastDirectory"), QDir::homePath()).toString();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Profile"), dir, tr("Coroscope profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        openProfile(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Coroscope"),
                       tr("<b>Coroscope %1</b><p>Runs asynchronous workloads on the Qt event loop with QCoro "
                          "coroutines and shows, live, what every task is doing.</p>")
                           .arg(QStringLiteral(COROSCOPE_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/editorSplitter"), ui->workloadsEditor->splitter()->saveState());
    settings.setValue(QStringLiteral("window/tab"), ui->tabs->currentIndex());
    settings.setValue(QStringLiteral("window/tasksSplitter"), m_tasksPage->splitter()->saveState());
    // Cancel what is still running; the Run's destructor lets the cancelled tasks unwind.
    if (isRunning())
        m_run->cancelAll();
    m_run.reset();
    event->accept();
}

} // namespace coroscope
