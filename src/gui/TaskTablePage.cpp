#include "gui/TaskTablePage.h"

#include "core/Clock.h"
#include "core/Run.h"
#include "gui/StateAppearance.h"
#include "gui/TaskTableModel.h"
#include "ui_TaskTablePage.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSettings>

namespace coroscope {

namespace {

constexpr int kSearchDebounceMs = 300;
const QString kRecentCapacityKey = QStringLiteral("tasks/recentCapacity");

QString seconds(qint64 ns)
{
    return ns < 0 ? QString() : QString::number(double(ns) / double(kNsPerSecond), 'f', 3);
}

} // namespace

TaskTablePage::TaskTablePage(QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::TaskTablePage>()), m_model(new TaskTableModel(this)),
      m_cancelAction(new QAction(tr("&Cancel Selected Tasks"), this))
{
    ui->setupUi(this);

    ui->stateCombo->addItem(tr("All"), TaskTableModel::kAllStates);
    for (int i = 0; i < kTaskStateCount; ++i)
        ui->stateCombo->addItem(stateTitle(TaskState(i)), TaskTableModel::stateBit(TaskState(i)));
    ui->stateCombo->addItem(tr("In flight"), TaskTableModel::kInFlightStates);
    fillWorkloads();
    ui->recentCapacitySpin->setValue(QSettings().value(kRecentCapacityKey, 1000).toInt());
    connect(ui->recentCapacitySpin, &QSpinBox::valueChanged, this,
            [](int n) { QSettings().setValue(kRecentCapacityKey, n); });

    QTableView *view = ui->tableView;
    view->setModel(m_model);
    // Fixed row heights: the view never measures 100 000 rows.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    // The table gets the room; the details pane needs a dozen lines.
    ui->splitter->setStretchFactor(0, 4);
    ui->splitter->setStretchFactor(1, 1);
    view->horizontalHeader()->setSortIndicator(TaskTableModel::Id, Qt::AscendingOrder);
    view->setSortingEnabled(true);

    m_cancelAction->setShortcut(QKeySequence::Delete);
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelAction->setEnabled(false);
    view->addAction(m_cancelAction);
    connect(m_cancelAction, &QAction::triggered, this, &TaskTablePage::cancelSelected);

    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    // Anywhere in the window, while this page is shown (a hidden widget's shortcuts are off).
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, this, [this] {
        ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        ui->searchEdit->selectAll();
    });
    addAction(find);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(kSearchDebounceMs);
    connect(&m_searchTimer, &QTimer::timeout, this,
            [this] { m_model->setTextFilter(ui->searchEdit->text().trimmed()); });
    connect(ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(ui->stateCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setStateFilter(ui->stateCombo->currentData().toUInt()); });
    connect(ui->workloadCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setWorkloadFilter(ui->workloadCombo->currentData().toInt()); });

    connect(m_model, &TaskTableModel::refreshed, this, &TaskTablePage::onRefreshed);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateCancelAction();
        updateDetails();
    });
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this, &TaskTablePage::updateDetails);
    onRefreshed();
}

TaskTablePage::~TaskTablePage() = default;

QTableView *TaskTablePage::view() const
{
    return ui->tableView;
}

QComboBox *TaskTablePage::stateFilter() const
{
    return ui->stateCombo;
}

QComboBox *TaskTablePage::workloadFilter() const
{
    return ui->workloadCombo;
}

QLineEdit *TaskTablePage::searchEdit() const
{
    return ui->searchEdit;
}

QTextBrowser *TaskTablePage::detailsView() const
{
    return ui->detailsBrowser;
}

QLabel *TaskTablePage::countLabel() const
{
    return ui->countLabel;
}

QSpinBox *TaskTablePage::recentCapacitySpin() const
{
    return ui->recentCapacitySpin;
}

int TaskTablePage::recentCapacity() const
{
    return ui->recentCapacitySpin->value();
}

QSplitter *TaskTablePage::splitter() const
{
    return ui->splitter;
}

void TaskTablePage::setRun(Run *run)
{
    m_run = run;
    m_model->setRun(run);
    fillWorkloads();
    refresh();
}

void TaskTablePage::fillWorkloads()
{
    // Keep the chosen workload when the new run has one of that name (the same profile run again).
    const QString chosen = ui->workloadCombo->currentIndex() > 0 ? ui->workloadCombo->currentText() : QString();
    {
        const QSignalBlocker blocker(ui->workloadCombo);
        ui->workloadCombo->clear();
        ui->workloadCombo->addItem(tr("All"), -1);
        if (m_run) {
            const QStringList names = m_run->workloadNames();
            for (int i = 0; i < names.size(); ++i)
                ui->workloadCombo->addItem(names[i], i);
        }
        ui->workloadCombo->setCurrentIndex(std::max(0, ui->workloadCombo->findText(chosen)));
    }
    m_model->setWorkloadFilter(ui->workloadCombo->currentData().toInt());
}

void TaskTablePage::refresh()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    rebuild();
}

void TaskTablePage::rebuild()
{
    m_stale = false;
    m_model->refresh();
}

void TaskTablePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        rebuild();
}

void TaskTablePage::cancelSelected()
{
    if (!m_run)
        return;
    // Ids first: cancelling may not change the rows, but nothing here should depend on that.
    std::vector<quint64> ids;
    const QModelIndexList rows = ui->tableView->selectionModel()->selectedRows();
    ids.reserve(size_t(rows.size()));
    for (const QModelIndex &i : rows) {
        if (m_model->isInFlight(i.row()))
            ids.push_back(m_model->taskId(i.row()));
    }
    int cancelled = 0;
    for (quint64 id : ids)
        cancelled += m_run->cancelTask(id) ? 1 : 0;
    if (cancelled > 0)
        refresh();
}

void TaskTablePage::onRefreshed()
{
    const QLocale locale;
    QString text = tr("%n task(s) shown (%1 in flight)", nullptr, m_model->rowCount())
                       .arg(locale.toString(m_model->inFlightCount()));
    const QString note = finishedNote();
    if (!note.isEmpty())
        text += QStringLiteral(": ") + note;
    ui->countLabel->setText(text);
    updateCancelAction();
    updateDetails();
}

QString TaskTablePage::finishedNote() const
{
    // The table keeps only a ring of finished tasks: say how much of them it shows.
    if (!m_run || !m_run->latestSnapshot() || !ui->searchEdit->text().trimmed().isEmpty())
        return {};
    const SnapshotPtr s = m_run->latestSnapshot();
    const quint32 states = m_model->stateFilter();
    const int workload = m_model->workloadFilter();
    qint64 finished = 0;
    int finalStates = 0;
    TaskState only = TaskState::Succeeded;
    for (int i = 0; i < kTaskStateCount; ++i) {
        const TaskState state = TaskState(i);
        if (!isFinal(state) || !(states & TaskTableModel::stateBit(state)))
            continue;
        ++finalStates;
        only = state;
        for (size_t w = 0; w < s->workloads.size(); ++w) {
            if (workload < 0 || workload == int(w))
                finished += s->workloads[w].counts[size_t(i)];
        }
    }
    const qint64 shown = qint64(m_model->rowCount()) - m_model->inFlightCount();
    if (finished <= shown)
        return {};
    const QLocale locale;
    const QString what = finalStates == 1 ? stateTitle(only).toLower() : tr("finished");
    return tr("the last %1 of %2 %3").arg(locale.toString(shown), locale.toString(finished), what);
}

void TaskTablePage::updateCancelAction()
{
    // Stops at the first in-flight row, so a large selection of finished tasks is the only slow case.
    bool any = false;
    const QItemSelection selection = ui->tableView->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom() && !any; ++row)
            any = m_model->isInFlight(row);
        if (any)
            break;
    }
    m_cancelAction->setEnabled(any && m_run);
}

void TaskTablePage::updateDetails()
{
    QModelIndex current = ui->tableView->selectionModel()->currentIndex();
    if (!current.isValid() || !ui->tableView->selectionModel()->isRowSelected(current.row())) {
        const QModelIndexList selected = ui->tableView->selectionModel()->selectedRows();
        current = selected.value(0);
    }
    QString html;
    if (!current.isValid()) {
        html = tr("<p>Select a task to see its details.</p>");
    } else {
        const TaskDetails d = m_model->details(current.row());
        const QString state = m_model->data(m_model->index(current.row(), TaskTableModel::State)).toString();
        const QLocale locale;
        QString rows;
        auto add = [&rows](const QString &name, const QString &value) {
            rows += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
        };
        add(tr("Id"), QString::number(d.id));
        add(tr("Workload"), tr("%1 (%2)").arg(d.workload, d.workloadType));
        add(tr("State"), state);
        add(tr("Phase"), d.phase.isEmpty() ? tr("none") : d.phase);
        add(tr("Created"), tr("%1 s after the run started").arg(seconds(d.createdNs)));
        add(tr("Started"),
            d.startedNs < 0 ? tr("not yet") : tr("%1 s after the run started").arg(seconds(d.startedNs)));
        if (d.finishedNs >= 0)
            add(tr("Finished"), tr("%1 s after the run started").arg(seconds(d.finishedNs)));
        add(tr("Age"), tr("%1 s").arg(seconds(d.ageNs)));
        if (d.latencyNs >= 0)
            add(tr("Latency"), tr("%1 ms").arg(locale.toString(double(d.latencyNs) / double(kNsPerMs), 'f', 3)));
        add(tr("Attempts"), QString::number(d.attempts));
        if (isFinal(d.state)) {
            add(tr("Error kind"), d.errorKind.isEmpty() ? tr("none") : d.errorKind);
            if (!d.errorMessage.isEmpty())
                add(tr("Error message"), d.errorMessage);
        }
        html = QStringLiteral("<table cellspacing=\"2\" cellpadding=\"2\">%1</table>").arg(rows);
    }
    // Ten refreshes a second: only touch the browser (and its scroll position) when the text changed.
    if (html != m_detailsHtml) {
        m_detailsHtml = html;
        ui->detailsBrowser->setHtml(html);
    }
}

} // namespace coroscope
