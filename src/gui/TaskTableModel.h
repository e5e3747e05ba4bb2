#pragma once

#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "gui/ColumnTableModel.h"

#include <QPointer>

#include <vector>

namespace coroscope {

class Run;

// Everything known about one task, for a details pane. Times are since the run started; -1 = not yet.
struct TaskDetails {
    quint64 id = 0;
    QString workload;
    QString workloadType;
    TaskState state = TaskState::Pending;
    QString phase;
    qint64 createdNs = -1;
    qint64 startedNs = -1;
    qint64 finishedNs = -1;
    qint64 ageNs = 0;
    qint64 latencyNs = -1; // finished tasks that ran
    int attempts = 0;
    QString errorKind;
    QString errorMessage;
};

// The tasks of a run: every in-flight task plus the tracker's ring of recently finished ones, filtered
// and sorted here rather than in a proxy, so 100 000 rows can be rebuilt ten times a second. Rows are
// compact records; data() formats one cell and looks nothing up by id. Each refresh() or filter/sort
// change is one rebuild.
class TaskTableModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Workload, State, Phase, Age, Latency, Attempts, Error, ColumnCount };
    enum Role { TaskIdRole = Qt::UserRole };

    static constexpr quint32 stateBit(TaskState s) { return 1u << stateIndex(s); }
    static constexpr quint32 kAllStates = (1u << kTaskStateCount) - 1;
    static constexpr quint32 kInFlightStates =
        (1u << stateIndex(TaskState::Pending)) | (1u << stateIndex(TaskState::Running));

    explicit TaskTableModel(QObject *parent = nullptr);
    ~TaskTableModel() override;

    // Empties the table; the next refresh() reads the new run (nullptr: stays empty).
    void setRun(Run *run);
    Run *run() const;
    // Reads the tracker's live tasks and the run's latest snapshot, filters, sorts, publishes.
    void refresh();

    void setStateFilter(quint32 states); // a set of stateBit()s
    quint32 stateFilter() const { return m_states; }
    void setWorkloadFilter(int workload); // -1: every workload
    int workloadFilter() const { return m_workload; }
    // Case-insensitive substring of the id, workload, phase, error kind or error message.
    void setTextFilter(const QString &text);
    QString textFilter() const { return m_text; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Live tasks of the run at the last rebuild, whatever the filters.
    qint64 inFlightCount() const { return m_inFlight; }

    quint64 taskId(int row) const;
    int rowOfTask(quint64 id) const; // O(rows); -1 when not shown
    bool isInFlight(int row) const;
    TaskDetails details(int row) const;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // After every rebuild, once the views have the new rows.
    void refreshed();

protected:
    int rows() const override;
    QVariant cell(const QModelIndex &index, int role) const override;
    QVariant headerToolTip(int section) const override;

private:
    struct Row {
        quint64 id = 0;
        qint64 createdNs = 0;
        qint64 startedNs = 0;
        qint64 finishedNs = 0; // 0 while in flight
        qint32 finished = -1;  // index in Data::finished; -1 while in flight
        quint16 workload = 0;
        quint16 error = 0; // index in Data::errorNames
        TaskState state = TaskState::Pending;
        quint8 phase = 0; // index in Data::phaseNames
        quint8 attempts = 0;
    };
    // What data() reads; swapped in as a whole, so rows and their name tables always match.
    struct Data {
        std::vector<Row> rows;
        QList<TaskRow> finished;
        QStringList phaseNames;
        QStringList errorNames;
        qint64 nowNs = 0;
        qint64 startNs = 0;
    };

    void collect(Data &out);
    void sortRows(Data &d) const;
    void publish(Data &next);
    qint64 ageNs(const Row &r) const;
    static qint64 latencyNs(const Row &r);

    QPointer<Run> m_run;
    QStringList m_workloadNames;
    QStringList m_workloadTypes;
    Data m_data;
    Data m_next;                  // reused between rebuilds
    std::vector<LiveTask> m_live; // reused between rebuilds
    qint64 m_inFlight = 0;
    quint32 m_states = kAllStates;
    int m_workload = -1;
    QString m_text;
    int m_sortColumn = Id;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace coroscope
