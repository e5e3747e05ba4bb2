#pragma once

#include "core/PassFailRule.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "fleet/FleetController.h"

#include "gui/ProfileDocument.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <memory>

class QLabel;
class QMimeData;

namespace Ui {
class MainWindow;
}

namespace coroscope {

class ChartsPage;
class ErrorsModel;
class FleetSession;
class LatencyHistogramChart;
class ProfileDocument;
class Run;
class RunShapeControls;
class RunStatusLabels;
class StateCountsModel;
class TaskTablePage;
class TimeSeriesChart;
class TimeSeriesRecorder;
class WorkloadsEditor;

// The main window: the profile (a ProfileDocument), run controls, and the pages that show a run's
// Snapshots. Opening a profile never starts a run: Start, or startRun() for a scripted `--start`.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads a profile file; on error shows the message and keeps the current profile.
    bool openProfile(const QString &path) { return m_document->open(path); }
    // Saves to `path` atomically; false with a message shown when it cannot.
    bool saveProfileAs(const QString &path) { return m_document->saveTo(path); }
    QString profilePath() const { return m_document->path(); }
    const std::optional<RunSpec> &runSpec() const { return m_document->spec(); }
    // The running run's newest Snapshot, else the last run's final one (null before any run).
    SnapshotPtr latestSnapshot() const;
    // The report of the last finished run (JSON, plus the 1-second series as CSV beside it when `csv`).
    bool writeReport(const QString &path, bool csv, QString *error) const;
    // Replaces the rules (as the rules dialog does) and marks the profile modified.
    void setRules(const QList<PassFailRule> &rules);
    QStringList recentFiles() const { return m_document->recentFiles(); }
    // What a drop onto the window does: one local file is opened as a profile (validated first).
    bool openDropped(const QMimeData *mime) { return m_document->openDropped(mime); }
    // Uses an already validated spec (e.g. the bundled default).
    void setRunSpec(const RunSpec &spec) { m_document->setSpec(spec); }
    bool hasRunSpec() const { return m_document->hasSpec(); }

    ProfileDocument *document() const { return m_document; }
    StateCountsModel *countsModel() const { return m_model; }
    ErrorsModel *errorsModel() const { return m_errors; }
    ChartsPage *chartsPage() const { return m_charts; }
    QList<TimeSeriesChart *> charts() const;
    LatencyHistogramChart *histogramChart() const;
    TaskTablePage *tasksPage() const { return m_tasksPage; }
    WorkloadsEditor *workloadsEditor() const { return m_editor; }
    // The workload the tiles and per-workload charts follow (the one selected in the list).
    QString selectedWorkload() const { return m_selected; }
    bool isRunning() const;
    // Why Start is disabled, one reason per line; empty when a run can start.
    QString startBlockedReason() const;
    // What would make the profile refuse to open again (so Save refuses it too); empty when none.
    QStringList profileProblems() const;
    // The verdicts of the last finished run; empty before one.
    const QList<RuleResult> &ruleResults() const { return m_ruleResults; }
    // The status bar's figures of the run shown: tasks finished, loop lag.
    RunStatusLabels *statusLabels() const { return m_status; }
    // The live-change bar, the rules' live states and "Find max rate…".
    RunShapeControls *shapeControls() const { return m_shape; }
    // "Run on Fleet…", the fleet Start runs on, the Agents tab and the fleet run's controller.
    FleetSession *fleetSession() const { return m_fleet; }

public Q_SLOTS:
    // Runs locally, or on the fleet when one was chosen (Run on Fleet…, --fleet).
    void startRun();
    // Runs the profile on a fleet's agents; the merged Snapshots show as a local run's.
    void startFleetRun(const coroscope::FleetController::Options &options);
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
    void forgetRun();
    // What a run on one machine and a fleet run both do before they start: the last run's figures
    // go, a fresh series and offsets from `spec`, the planned rules.
    void beginRun(const coroscope::RunSpec &spec);
    void selectWorkload(const QString &name);
    void onProfileLoaded();
    void onWorkloadsEdited();
    void onWorkloadRenamed(const QString &from, const QString &to);
    void onRunFinished(const SnapshotPtr &s);
    void updateControls();
    bool checkStartable();
    void exportReport();
    void editRules();
    void showRules();
    void showError(const QString &title, const QString &text);

    std::unique_ptr<Ui::MainWindow> ui;
    ProfileDocument *m_document;
    ChartsPage *m_charts;
    WorkloadsEditor *m_editor;
    StateCountsModel *m_model;
    ErrorsModel *m_errors;
    TaskTablePage *m_tasksPage;
    QString m_selected;
    SnapshotPtr m_pending; // the newest snapshot not drawn yet
    double m_lagSinceFrame = 0;
    QElapsedTimer m_frameClock;
    QTimer m_frameTimer;
    RunStatusLabels *m_status;
    RunShapeControls *m_shape;
    std::unique_ptr<Run> m_run;
    FleetSession *m_fleet = nullptr;
    SnapshotPtr m_finalSnapshot;
    QList<RuleResult> m_ruleResults;
    std::unique_ptr<TimeSeriesRecorder> m_series;
};

} // namespace coroscope
