#pragma once

#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QLabel>
#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace coroscope {

class Run;
class StateCountsModel;

// The main window: the loaded profile, run controls, and live counts per state from the Snapshots.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads a profile file; on error shows the message and keeps the current profile.
    bool openProfile(const QString &path);
    // Uses an already validated spec (e.g. the bundled default).
    void setRunSpec(const RunSpec &spec);
    bool hasRunSpec() const { return m_spec.has_value(); }

    StateCountsModel *countsModel() const { return m_model; }
    bool isRunning() const;

public Q_SLOTS:
    void startRun();
    void stopRun();
    void cancelAll();

Q_SIGNALS:
    void runFinished(coroscope::SnapshotPtr finalSnapshot);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showSnapshot(const SnapshotPtr &s);
    void onRunFinished(const SnapshotPtr &s);
    void updateControls();
    void chooseProfile();
    void showError(const QString &title, const QString &text);
    void showAbout();

    std::unique_ptr<Ui::MainWindow> ui;
    StateCountsModel *m_model;
    QLabel *m_lagLabel;
    QLabel *m_tasksLabel;
    std::optional<RunSpec> m_spec;
    std::unique_ptr<Run> m_run;
};

} // namespace coroscope
