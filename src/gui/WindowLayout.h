#pragma once

class QMainWindow;

namespace Ui {
class MainWindow;
}

namespace coroscope {

class TaskTablePage;

// The main window's arrangement: the View menu (docks, tabs by number) and what is kept across
// sessions in QSettings (geometry, docks, splitters, the current tab, the latency chart's mode).
class WindowLayout
{
public:
    static void setUpViewMenu(QMainWindow *window, Ui::MainWindow &ui);
    static void restore(QMainWindow *window, Ui::MainWindow &ui, TaskTablePage *tasks);
    static void save(const QMainWindow *window, const Ui::MainWindow &ui, const TaskTablePage *tasks);
};

} // namespace coroscope
