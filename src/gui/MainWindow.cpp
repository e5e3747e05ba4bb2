#include "gui/MainWindow.h"

#include "core/Run.h"
#include "gui/AboutBox.h"
#include "gui/ChartsPage.h"
#include "gui/ErrorsModel.h"
#include "gui/FleetSession.h"
#include "gui/ProfileDocument.h"
#include "gui/RulesDialog.h"
#include "gui/RulesPanel.h"
#include "gui/RunShapeControls.h"
#include "gui/RunStatusLabels.h"
#include "gui/StateCountsModel.h"
#include "gui/TargetsText.h"
#include "gui/TaskTablePage.h"
#include "gui/WindowLayout.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileValidator.h"
#include "report/RunReportFiles.h"
#include "report/TimeSeriesRecorder.h"
#include "workloads/WorkloadRegistry.h"

#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMessageBox>
#include <QMimeData>

#include <tuple>

namespace coroscope {

namespace {
constexpr qint64 kFrameMs = 100; // the window draws at most 10 frames a second

const WorkloadSnapshot *findWorkload(const Snapshot &s, const QString &name)
{
    for (const WorkloadSnapshot &w : s.workloads) {
        if (w.name == name)
            return &w;
    }
    return nullptr;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), m_document(new ProfileDocument(this)),
      m_model(new StateCountsModel(this)), m_errors(new ErrorsModel(this))
{
    ui->setupUi(this);
    m_fleet = new FleetSession(this, ui->tabs, ui->menuRun); // first: updateControls() asks it
    m_charts = ui->charts;
    m_editor = ui->workloadsEditor;
    m_tasksPage = new TaskTablePage;
    ui->tasksPage->layout()->addWidget(m_tasksPage);
    ui->errorsView->setModel(m_errors);
    ui->errorsView->verticalHeader()->hide();
    ui->errorsView->horizontalHeader()->setStretchLastSection(true);
    ui->countsView->setModel(m_model);
    ui->countsView->verticalHeader()->hide();
    ui->countsView->horizontalHeader()->setStretchLastSection(true);
    ui->countsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ui->breakdownView->follow(m_model); // checks and per-URL figures, below the counts
    m_status = new RunStatusLabels(statusBar());
    m_shape = new RunShapeControls(this, ui->workloadsLayout, ui->rulesPanel, ui->menuRun);
    m_shape->setProfileSource([this] { return *m_document->spec(); });

    // The buttons and the Run menu's actions give the same three commands.
    for (const auto &[button, action, command] :
         {std::tuple{ui->startButton, ui->actionStart, &MainWindow::startRun},
          std::tuple{ui->stopButton, ui->actionStop, &MainWindow::stopRun},
          std::tuple{ui->cancelAllButton, ui->actionCancelAll, &MainWindow::cancelAll}}) {
        connect(button, &QPushButton::clicked, this, command);
        connect(action, &QAction::triggered, this, command);
    }
    connect(ui->actionOpen, &QAction::triggered, m_document, &ProfileDocument::chooseAndOpen);
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionAbout, &QAction::triggered, this, [this] { showAboutBox(this); });
    connect(ui->actionNew, &QAction::triggered, m_document, &ProfileDocument::newProfile);
    connect(ui->actionSave, &QAction::triggered, m_document, &ProfileDocument::save);
    connect(ui->actionSaveAs, &QAction::triggered, m_document, &ProfileDocument::saveAs);
    connect(ui->actionExportReport, &QAction::triggered, this, &MainWindow::exportReport);
    connect(ui->actionEditRules, &QAction::triggered, this, &MainWindow::editRules);
    connect(ui->rulesPanel, &RulesPanel::editRequested, this, &MainWindow::editRules);
    connect(ui->actionExportCharts, &QAction::triggered, this, [this] {
        const QString path =
            ui->charts->exportPng(m_document->hasSpec() ? m_document->spec()->name : QStringLiteral("coroscope"));
        if (!path.isEmpty())
            statusBar()->showMessage(tr("Charts written to %1").arg(path), 5000);
    });
    m_frameTimer.setSingleShot(true);
    connect(&m_frameTimer, &QTimer::timeout, this, &MainWindow::drawFrame);
    connect(ui->workloadsEditor, &WorkloadsEditor::changed, this, &MainWindow::onWorkloadsEdited);
    connect(ui->workloadsEditor, &WorkloadsEditor::problemsChanged, this, &MainWindow::updateControls);
    connect(ui->workloadsEditor, &WorkloadsEditor::renamed, this, &MainWindow::onWorkloadRenamed);
    connect(ui->workloadsEditor, &WorkloadsEditor::currentWorkloadChanged, this, &MainWindow::selectWorkload);

    m_document->setProblemsCheck([this] { return profileProblems(); });
    m_document->setRecentMenu(ui->menuRecent);
    connect(m_document, &ProfileDocument::loaded, this, &MainWindow::onProfileLoaded);
    connect(m_document, &ProfileDocument::modifiedChanged, this, &QWidget::setWindowModified);
    connect(m_document, &ProfileDocument::errorOccurred, this, &MainWindow::showError);

    WindowLayout::setUpViewMenu(this, *ui);
    connect(m_fleet, &FleetSession::startRequested, this, &MainWindow::startFleetRun);
    connect(m_fleet, &FleetSession::snapshotReady, this, &MainWindow::showSnapshot);
    connect(m_fleet, &FleetSession::finished, this, &MainWindow::onRunFinished);
    connect(m_fleet, &FleetSession::failed, this, &MainWindow::updateControls);
    m_document->setScenariosMenu(ui->menuScenarios);
    WindowLayout::restore(this, *ui, m_tasksPage);
    forgetRun();
    updateControls();
}

MainWindow::~MainWindow() = default;

SnapshotPtr MainWindow::latestSnapshot() const
{
    if (m_fleet->isActive())
        return m_fleet->controller()->latestSnapshot();
    return m_run ? m_run->latestSnapshot() : m_finalSnapshot;
}

bool MainWindow::isRunning() const
{
    return (m_run && m_run->phase() != Run::Phase::Finished) || m_fleet->isActive();
}

QList<TimeSeriesChart *> MainWindow::charts() const
{
    return ui->charts->charts();
}

LatencyHistogramChart *MainWindow::histogramChart() const
{
    return ui->charts->histogramChart();
}

void MainWindow::onProfileLoaded()
{
    const RunSpec &spec = *m_document->spec();
    if (!isRunning())
        forgetRun();
    ui->profileLabel->setText(spec.sourceFile.isEmpty() || spec.sourceFile.startsWith(u':')
                                  ? spec.name
                                  : QStringLiteral("%1 (%2)").arg(spec.name, QFileInfo(spec.sourceFile).fileName()));
    ui->profileLabel->setToolTip(spec.description);
    // What the profile is for, where it is read, not only in a tooltip.
    ui->descriptionLabel->setText(spec.description);
    ui->descriptionLabel->setVisible(!spec.description.isEmpty());
    setWindowTitle(tr("%1[*] - Coroscope").arg(spec.name));
    ui->workloadsEditor->setWorkloads(spec.workloads);
    selectWorkload(ui->workloadsEditor->currentName());
    showRules();
    updateControls();
    // A profile is opened idle: Start is one key press away, and nothing runs before it.
    ui->startButton->setFocus(Qt::OtherFocusReason);
}

void MainWindow::forgetRun()
{
    // Another profile: nothing of the last run stays on screen under its name.
    m_tasksPage->setRun(nullptr);
    m_shape->forget();
    m_fleet->forget();
    m_run.reset();
    m_series.reset();
    m_finalSnapshot.reset();
    m_ruleResults.clear();
    m_pending.reset();
    m_frameTimer.stop();
    m_model->setSnapshot(nullptr);
    m_errors->setSnapshot(nullptr);
    ui->charts->clear();
    ui->tiles->clear();
    ui->targetsLabel->clear();
    ui->targetsLabel->setToolTip(QString());
    ui->elapsedLabel->setText(tr("%1 s").arg(QStringLiteral("0.0")));
    m_status->clear();
}

void MainWindow::setRules(const QList<PassFailRule> &rules)
{
    if (!m_document->hasSpec())
        return;
    m_document->setRules(rules);
    // After a run the new rules are judged on its figures, so the verdicts and the report agree.
    m_ruleResults = m_finalSnapshot ? RuleEvaluator::evaluateAll(rules, *m_finalSnapshot) : QList<RuleResult>();
    showRules();
    updateControls();
}

void MainWindow::editRules()
{
    if (!m_document->hasSpec())
        return;
    QStringList names;
    for (const WorkloadSpec &w : m_document->spec()->workloads)
        names << w.name;
    RulesDialog dialog(names, m_document->spec()->rules, this);
    if (dialog.exec() == QDialog::Accepted)
        setRules(dialog.rules());
}

void MainWindow::showRules()
{
    if (!m_document->hasSpec())
        ui->rulesPanel->clear();
    else if (!m_ruleResults.isEmpty())
        ui->rulesPanel->showResults(m_ruleResults);
    else
        ui->rulesPanel->showPlanned(m_document->spec()->rules);
}

void MainWindow::exportReport()
{
    if (!m_finalSnapshot || !m_document->hasSpec()) {
        showError(tr("Nothing to export"), tr("Run the profile first: the report describes a finished run."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report"),
        ProfileDocument::lastDirectory() + u'/' +
            ProfileDocument::suggestedFileName(m_document->spec()->name + QStringLiteral("-report")),
        tr("JSON reports (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!writeReport(path, true, &error)) {
        showError(tr("Cannot export the report"), error);
        return;
    }
    ProfileDocument::rememberDirectory(path);
    statusBar()->showMessage(tr("Report written to %1 and %2").arg(path, RunReportFiles::csvPathBeside(path)), 5000);
}

bool MainWindow::writeReport(const QString &path, bool csv, QString *error) const
{
    RunReportFiles::Run run;
    run.spec = m_document->hasSpec() ? &*m_document->spec() : nullptr;
    run.finalSnapshot = m_finalSnapshot.get();
    run.startedAt = m_run                   ? m_run->startedAt()
                    : m_fleet->controller() ? m_fleet->controller()->startedAt()
                                            : QDateTime();
    run.extraKeys = m_fleet->reportKeys(); // a fleet run's agents, empty after a local one
    run.rules = m_ruleResults;
    run.series = m_series.get();
    run.abort = m_shape->abort();
    return RunReportFiles::write(run, path, csv, error);
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

bool MainWindow::checkStartable()
{
    if (!startBlockedReason().isEmpty())
        return false;
    QStringList errors;
    for (const JsonIssue &i : ProfileValidator::checkSpec(*m_document->spec())) {
        if (!i.warning)
            errors << i.toString();
    }
    if (!errors.isEmpty())
        showError(tr("Cannot start"), errors.join(u'\n'));
    return errors.isEmpty();
}

void MainWindow::beginRun(const RunSpec &spec)
{
    forgetRun();
    m_series = std::make_unique<TimeSeriesRecorder>();
    m_frameClock.invalidate();
    m_model->setStartOffsets(spec);
    showRules();
}

void MainWindow::startFleetRun(const FleetController::Options &options)
{
    if (!checkStartable())
        return;
    beginRun(*m_document->spec());
    m_fleet->start(*m_document->spec(), options);
    updateControls();
}

void MainWindow::startRun()
{
    if (m_fleet->isArmed())
        return startFleetRun(m_fleet->armedOptions());
    if (!checkStartable())
        return;
    RunSpec spec = *m_document->spec();
    // The new run is prepared (servers bound, targets resolved) before the last one is let go, so a
    // failure leaves the last run's figures and report where they were. Each loop thread builds its
    // share of every workload.
    auto run = WorkloadRegistry::makeRun(spec);
    run->setRecentCapacity(m_tasksPage->recentCapacity());
    QString error;
    if (!run->prepare(&error)) {
        showError(tr("Cannot start"), error);
        updateControls();
        return;
    }
    beginRun(spec);
    m_run = std::move(run);
    m_tasksPage->setRun(m_run.get());
    connect(m_run.get(), &Run::snapshotReady, this, &MainWindow::showSnapshot);
    connect(m_run.get(), &Run::finished, this, &MainWindow::onRunFinished);
    m_shape->attach(m_run.get(), spec);
    m_run->start();
    showSnapshot(m_run->latestSnapshot());
    updateControls();
}

void MainWindow::stopRun()
{
    if (isRunning())
        m_run ? m_run->stopGracefully() : m_fleet->stopGracefully();
    updateControls();
}

void MainWindow::cancelAll()
{
    if (isRunning())
        m_run ? m_run->cancelAll() : m_fleet->cancelAll();
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
    showTargets(ui->targetsLabel, *s, std::max(200, width() / 2));
    ui->charts->plot(s, lagMs);
    m_tasksPage->refresh(); // a no-op while the page is hidden
    ui->elapsedLabel->setText(tr("%1 s").arg(QString::number(double(s->elapsedNs) / 1e9, 'f', 1)));
    m_status->show(*s, lagMs);
    updateControls();
}

void MainWindow::selectWorkload(const QString &name)
{
    if (name == m_selected && !name.isEmpty())
        return;
    m_selected = name;
    ui->charts->selectWorkload(name);
    const SnapshotPtr s = m_model->snapshot();
    const WorkloadSnapshot *w = s ? findWorkload(*s, name) : nullptr;
    ui->tiles->show(s ? s->totals : StateCounts{}, w ? &w->counts : nullptr, name);
}

void MainWindow::onWorkloadsEdited()
{
    m_document->setWorkloads(ui->workloadsEditor->workloads());
    updateControls();
}

void MainWindow::onWorkloadRenamed(const QString &from, const QString &to)
{
    if (m_document->renameWorkloadInRules(from, to))
        showRules();
    updateControls();
}

void MainWindow::onRunFinished(const SnapshotPtr &s)
{
    // The final figures are drawn at once, not a frame later.
    showSnapshot(s);
    m_frameTimer.stop();
    drawFrame();
    ui->charts->refresh();
    if (m_series)
        m_series->finish(*s);
    m_finalSnapshot = s;
    m_shape->detach();
    m_ruleResults = RuleEvaluator::evaluateAll(m_document->spec()->rules, *s);
    showRules();
    updateControls();
    Q_EMIT runFinished(s);
}

void MainWindow::updateControls()
{
    const bool running = isRunning();
    const bool stopping = running && (m_run ? m_run->phase() == Run::Phase::Stopping : m_fleet->isStopping());
    const bool hasSpec = m_document->hasSpec();
    m_document->setLocked(running);
    const QString blocked = startBlockedReason();
    ui->startButton->setEnabled(blocked.isEmpty());
    ui->actionStart->setEnabled(ui->startButton->isEnabled());
    // A disabled Start says why in its tooltip.
    ui->startButton->setToolTip(blocked.isEmpty() ? tr("Start the profile's workloads (F5)")
                                                  : tr("Cannot start:\n%1").arg(blocked));
    ui->startButton->setProperty("blockedReason", blocked);
    ui->workloadsEditor->setEnabled(hasSpec);
    ui->workloadsEditor->setEditable(!running);
    ui->stopButton->setEnabled(running && !stopping);
    ui->actionStop->setEnabled(ui->stopButton->isEnabled());
    ui->cancelAllButton->setEnabled(running);
    ui->actionCancelAll->setEnabled(running);
    ui->actionOpen->setEnabled(!running);
    ui->actionNew->setEnabled(!running);
    ui->menuRecent->setEnabled(!running && !recentFiles().isEmpty());
    ui->menuScenarios->setEnabled(!running);
    ui->actionSave->setEnabled(hasSpec);
    ui->actionSaveAs->setEnabled(hasSpec);
    ui->actionExportReport->setEnabled(m_finalSnapshot != nullptr && !running);
    ui->actionEditRules->setEnabled(hasSpec && !running);
    m_shape->setMaxRateEnabled(hasSpec && !running);
    ui->rulesPanel->setEditEnabled(ui->actionEditRules->isEnabled());
    m_fleet->setStartEnabled(blocked.isEmpty());
    ui->stateLabel->setText(m_fleet->isWaitingForAgents() ? tr("Waiting for agents")
                            : stopping                    ? tr("Stopping")
                            : running                     ? tr("Running")
                            : m_finalSnapshot             ? tr("Finished")
                                                          : tr("Idle"));
}

QStringList MainWindow::profileProblems() const
{
    return m_editor->problems() + m_document->ruleProblems();
}

QString MainWindow::startBlockedReason() const
{
    if (!m_document->hasSpec())
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_document->maybeSave()) {
        event->ignore();
        return;
    }
    WindowLayout::save(this, *ui, m_tasksPage);
    // Cancel what is still running; the Run's destructor lets the cancelled tasks unwind.
    if (m_run && isRunning())
        m_run->cancelAll();
    m_fleet->cancelBeforeClose(3000);
    m_run.reset();
    event->accept();
}

} // namespace coroscope
