#pragma once

// What the window tests of live changes do alike: change a running workload from the window's live
// bar, the way a user does, and see the throughput chart mark it.
#include "gui/ChartsPage.h"
#include "gui/LiveChangeBar.h"
#include "gui/MainWindow.h"
#include "gui/RunShapeControls.h"
#include "gui/TimeSeriesChart.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

namespace coroscope::testing {

// Waits until the live bar of `w` offers the current value `from`, applies `to` with its button,
// and checks that the bar says so and that the throughput chart's one marker reads `markerText`.
// A failure is the test's: the caller returns when QTest::currentTestFailed().
inline void applyFromLiveBar(MainWindow &w, double from, double to, const QString &markerText)
{
    LiveChangeBar *bar = w.shapeControls()->liveChangeBar();
    QTRY_COMPARE_WITH_TIMEOUT(bar->valueBox()->value(), from, 5000);
    bar->valueBox()->setValue(to);
    QTest::mouseClick(bar->applyButton(), Qt::LeftButton);
    const QString status = bar->statusLabel()->text();
    QVERIFY2(status.contains(QString::number(to)), qPrintable(status));
    const TimeSeriesChart *throughput = w.chartsPage()->throughputChart();
    QTRY_COMPARE_WITH_TIMEOUT(throughput->markers().size(), 1, 5000);
    QVERIFY2(throughput->markers().first().label.contains(markerText), qPrintable(throughput->markers().first().label));
}

} // namespace coroscope::testing
