#pragma once

#include "core/TaskState.h"

#include <QWidget>

#include <array>

class QLabel;

namespace coroscope {

// Six tiles per row, one per task state: the run's totals, and below them the selected workload.
class StateTiles : public QWidget
{
    Q_OBJECT
public:
    explicit StateTiles(QWidget *parent = nullptr);

    // `selected` may be null (no workload selected, or it is not part of the run).
    void show(const StateCounts &total, const StateCounts *selected, const QString &selectedName);
    void clear();
    QString text(int row, TaskState state) const;

private:
    static constexpr int kRows = 2;
    std::array<QLabel *, kRows> m_rowLabels{};
    std::array<std::array<QLabel *, kTaskStateCount>, kRows> m_values{};
};

} // namespace coroscope
