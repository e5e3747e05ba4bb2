#pragma once

#include "core/PassFailRule.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "report/TimeSeriesRecorder.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QMimeData>
#include <QTimer>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace coroscope {

class ErrorsModel;
class LatencyHistogramChart;
class Run;
class StateCountsModel;
class TaskTablePage;
class TimeSeriesChart;
class WorkloadsEditor;

// The main window: the loaded profile, run controls, and live counts per state from the Snapshots.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads a profile file; on error shows the message and keeps the current profile.
    bool openProfile(const QString &path);
    // Saves to `path` atomically; false with a message shown when it cannot.
    bool saveProfileAs(const QString &path);
    QString profilePath() const { return m_path; }
    const std::optional<RunSpec> &runSpec() const { return m_spec; }
    // The report of the last finished run (JSON, plus the 1-second series as CSV beside it when `csv`).
    bool writeReport(const QString &path, bool csv, QString *error) const;
    // Replaces the rules (as the rules dialog does) and marks the profile modified.
    void setRules(const QList<PassFailRule> &rules);
    QStringList recentFiles() const;
    // What a drop onto the window does: one local file is opened as a profile (validated first).
    bool openDropped(const QMimeData *mime);
    // Uses an already validated spec (e.g. the bundled default).
    void setRunSpec(const RunSpec &spec);
    bool hasRunSpec() const { return m_spec.has_value(); }

    StateCountsModel *countsModel() const { return m_model; }
    ErrorsModel *errorsModel() const { return m_errors; }
    QList<TimeSeriesChart *> charts() const
    {
        return {m_statesChart, m_throughputChart, m_latencyChart, m_lagChart, m_queueDepthChart, m_queueTimesChart};
    }
    LatencyHistogramChart *histogramChart() const { return m_histogramChart; }
    TaskTablePage *tasksPage() const { return m_tasksPage; }
    WorkloadsEditor *workloadsEditor() const;
    // The workload the tiles and per-workload charts follow (the one selected in the list).
    QString selectedWorkload() const { return m_selected; }
    bool isRunning() const;
    // Why Start is disabled, one reason per line; empty when a run can start.
    QString startBlockedReason() const;
    // What would make the profile refuse to open again (so Save refuses it too); empty when none.
    QStringList profileProblems() const;
    // The verdicts of the last finished run; empty before one.
    const QList<RuleResult> &ruleResults() const { return m_ruleResults; }

public Q_SLOTS:
    void startRun();
    void stopRun();
    void cancelAll();

Q_SIGNALS:
    void runFinished(coroscope::SnapshotPtr finalSnapshot);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void showSnapshot(const SnapshotPtr &s);
    void drawFrame();
    void plot(const Snapshot &s, double lagMs);
    void refreshCharts();
    void refreshHistogram();
    void forgetRun();
    bool chartsVisible() const;
    void selectWorkload(const QString &name);
    void onWorkloadsEdited();
    void onWorkloadRenamed(const QString &from, const QString &to);
    void exportCharts();
    void showTargets(const Snapshot &s);
    void onRunFinished(const SnapshotPtr &s);
    void loadSpec(const RunSpec &spec, const QString &path);
    void updateControls();
    void chooseProfile();
    void newProfile();
    bool save();
    bool saveAs();
    void exportReport();
    void editRules();
    // Asks what to do with unsaved changes; false when the user cancels.
    bool maybeSave();
    void setDirty(bool dirty);
    void rememberRecent(const QString &path);
    void fillRecentMenu();
    void fillScenariosMenu();
    void showRules(const QList<RuleResult> &results);
    void showError(const QString &title, const QString &text);
    void showAbout();

    std::unique_ptr<Ui::MainWindow> ui;
    StateCountsModel *m_model;
    ErrorsModel *m_errors;
    TimeSeriesChart *m_statesChart;
    TimeSeriesChart *m_throughputChart;
    TimeSeriesChart *m_latencyChart;
    TimeSeriesChart *m_lagChart;
    TimeSeriesChart *m_queueDepthChart;
    TimeSeriesChart *m_queueTimesChart;
    LatencyHistogramChart *m_histogramChart;
    TaskTablePage *m_tasksPage;
    QString m_selected;
    SnapshotPtr m_pending; // the newest snapshot not drawn yet
    double m_lagSinceFrame = 0;
    QElapsedTimer m_frameClock;
    QElapsedTimer m_chartClock;
    QTimer m_frameTimer;
    QString m_queueShown; // the queue workload the queue charts follow
    QLabel *m_lagLabel;
    QLabel *m_tasksLabel;
    std::optional<RunSpec> m_spec;
    std::unique_ptr<Run> m_run;
    QString m_path; // where the profile was loaded from or saved to; empty for bundled ones
    SnapshotPtr m_finalSnapshot;
    QList<RuleResult> m_ruleResults;
    std::unique_ptr<TimeSeriesRecorder> m_series;
};

} // namespace coroscope
