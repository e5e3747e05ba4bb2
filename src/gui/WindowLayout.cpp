#include "gui/WindowLayout.h"

#include "gui/ChartsPage.h"
#include "gui/TaskTablePage.h"
#include "gui/WorkloadsEditor.h"

#include "ui_MainWindow.h"

#include <QSettings>
#include <QSplitter>

namespace coroscope {

void WindowLayout::setUpViewMenu(QMainWindow *window, Ui::MainWindow &ui)
{
    ui.menuView->addAction(ui.workloadsDock->toggleViewAction());
    ui.menuView->addAction(ui.rulesDock->toggleViewAction());
    ui.menuView->addSeparator();
    for (int i = 0; i < ui.tabs->count(); ++i) {
        if (!ui.tabs->isTabVisible(i))
            continue; // the Agents tab, there only for a fleet run
        QAction *a = ui.menuView->addAction(ui.tabs->tabText(i).remove(u'&'));
        a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        QTabWidget *tabs = ui.tabs;
        QObject::connect(a, &QAction::triggered, window, [tabs, i] { tabs->setCurrentIndex(i); });
    }
}

void WindowLayout::restore(QMainWindow *window, Ui::MainWindow &ui, TaskTablePage *tasks)
{
    QSettings settings;
    window->restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!window->restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: room for the editor's forms, a short rules strip.
        window->resizeDocks({ui.workloadsDock}, {400}, Qt::Horizontal);
        window->resizeDocks({ui.rulesDock}, {100}, Qt::Vertical);
    }
    ui.workloadsEditor->splitter()->restoreState(settings.value(QStringLiteral("window/editorSplitter")).toByteArray());
    tasks->splitter()->restoreState(settings.value(QStringLiteral("window/tasksSplitter")).toByteArray());
    const int tab = settings.value(QStringLiteral("window/tab"), 0).toInt();
    if (ui.tabs->isTabVisible(tab)) // not the Agents tab of a fleet run that is over
        ui.tabs->setCurrentIndex(tab);
    ui.charts->setCumulativeLatency(settings.value(QStringLiteral("charts/cumulativeLatency"), false).toBool());
}

void WindowLayout::save(const QMainWindow *window, const Ui::MainWindow &ui, const TaskTablePage *tasks)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
    settings.setValue(QStringLiteral("window/state"), window->saveState());
    settings.setValue(QStringLiteral("window/editorSplitter"), ui.workloadsEditor->splitter()->saveState());
    settings.setValue(QStringLiteral("window/tab"), ui.tabs->currentIndex());
    settings.setValue(QStringLiteral("window/tasksSplitter"), tasks->splitter()->saveState());
    settings.setValue(QStringLiteral("charts/cumulativeLatency"), ui.charts->isCumulativeLatency());
}

} // namespace coroscope
