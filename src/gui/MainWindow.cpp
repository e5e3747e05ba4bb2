#include "gui/MainWindow.h"

#include "core/Run.h"
#include "gui/StateCountsModel.h"
#include "profile/ProfileLoader.h"
#include "workloads/WorkloadRegistry.h"

#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QMessageBox>

namespace coroscope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), m_model(new StateCountsModel(this)),
      m_lagLabel(new QLabel(this)), m_tasksLabel(new QLabel(this))
{
    ui->setupUi(this);
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
    updateControls();
}

MainWindow::~MainWindow() = default;

bool MainWindow::isRunning() const
{
    return m_run && m_run->phase() != Run::Phase::Finished;
}

bool MainWindow::openProfile(const QString &path)
{
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
    setRunSpec(*loaded.spec);
    return true;
}

void MainWindow::setRunSpec(const RunSpec &spec)
{
    m_spec = spec;
    ui->profileLabel->setText(spec.sourceFile.isEmpty()
                                  ? spec.name
                                  : QStringLiteral("%1 (%2)").arg(spec.name, QFileInfo(spec.sourceFile).fileName()));
    setWindowTitle(tr("%1 - Coroscope").arg(spec.name));
    updateControls();
}

void MainWindow::startRun()
{
    if (!m_spec || isRunning())
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
    m_run = std::make_unique<Run>(*m_spec, std::move(workloads));
    QString error;
    if (!m_run->prepare(&error)) {
        m_run.reset();
        showError(tr("Cannot start"), error);
        updateControls();
        return;
    }
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
    m_model->setSnapshot(s);
    ui->elapsedLabel->setText(tr("%1 s").arg(QString::number(double(s->elapsedNs) / 1e9, 'f', 1)));
    m_lagLabel->setText(tr("Loop lag p99 %1 ms, recent max %2 ms")
                            .arg(QString::number(s->loopLag.p99Ms, 'f', 2),
                                 QString::number(s->loopLag.recentMaxMs, 'f', 2)));
    m_tasksLabel->setText(tr("%n task(s) done", nullptr, int(std::min<qint64>(s->totalDone(), INT_MAX))));
    updateControls();
}

void MainWindow::onRunFinished(const SnapshotPtr &s)
{
    showSnapshot(s);
    updateControls();
    Q_EMIT runFinished(s);
}

void MainWindow::updateControls()
{
    const bool running = isRunning();
    const bool stopping = running && m_run->phase() == Run::Phase::Stopping;
    ui->startButton->setEnabled(m_spec.has_value() && !running);
    ui->actionStart->setEnabled(ui->startButton->isEnabled());
    ui->stopButton->setEnabled(running && !stopping);
    ui->actionStop->setEnabled(ui->stopButton->isEnabled());
    ui->cancelAllButton->setEnabled(running);
    ui->actionCancelAll->setEnabled(running);
    ui->actionOpen->setEnabled(!running);
    ui->stateLabel->setText(!m_run ? tr("Idle") : stopping ? tr("Stopping") : running ? tr("Running") : tr("Finished"));
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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Profile"), QString(),
                                                      tr("Coroscope profiles (*.json);;All files (*)"));
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
    // Cancel what is still running; the Run's destructor lets the cancelled tasks unwind.
    if (isRunning())
        m_run->cancelAll();
    m_run.reset();
    event->accept();
}

} // namespace coroscope
