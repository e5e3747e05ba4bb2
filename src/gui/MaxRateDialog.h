#pragma once

#include "core/RunSpec.h"

#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>

#include <memory>

namespace coroscope {

class MaxRateChart;
class MaxRateSearch;

// "Find max rate…": the command line's --find-max-rate in the window. The steps run on the window's
// thread, one Run after another, so the window stays responsive; the curve grows as they finish.
class MaxRateDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MaxRateDialog(RunSpec profile, QWidget *parent = nullptr);
    ~MaxRateDialog() override;

    QComboBox *workloadBox() const { return m_workload; }
    QDoubleSpinBox *p99Box() const { return m_p99; }
    QDoubleSpinBox *errorRateBox() const { return m_errorRate; }
    QDoubleSpinBox *stepSecondsBox() const { return m_stepSeconds; }
    QPushButton *startButton() const { return m_start; }
    QLabel *resultLabel() const { return m_result; }
    MaxRateChart *chart() const { return m_chart; }
    MaxRateSearch *search() const { return m_search.get(); }

    void start();

protected:
    void reject() override;

private:
    void finished(const QString &error);

    RunSpec m_profile;
    std::unique_ptr<MaxRateSearch> m_search;
    QComboBox *m_workload;
    QDoubleSpinBox *m_p99;
    QDoubleSpinBox *m_errorRate;
    QDoubleSpinBox *m_stepSeconds;
    QPushButton *m_start;
    QLabel *m_result;
    MaxRateChart *m_chart;
};

} // namespace coroscope
