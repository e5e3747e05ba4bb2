#include "gui/MaxRateDialog.h"

#include "cli/MaxRateSearch.h"
#include "gui/MaxRateChart.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace coroscope {

MaxRateDialog::MaxRateDialog(RunSpec profile, QWidget *parent)
    : QDialog(parent), m_profile(std::move(profile)), m_workload(new QComboBox), m_p99(new QDoubleSpinBox),
      m_errorRate(new QDoubleSpinBox), m_stepSeconds(new QDoubleSpinBox), m_start(new QPushButton(tr("&Start"))),
      m_result(new QLabel), m_chart(new MaxRateChart)
{
    setWindowTitle(tr("Find Max Rate"));
    for (const WorkloadSpec &w : m_profile.workloads) {
        if (w.type == QLatin1String("http-fanout"))
            m_workload->addItem(w.name);
    }
    m_p99->setRange(0.1, 600'000);
    m_p99->setValue(50);
    m_p99->setSuffix(tr(" ms"));
    m_errorRate->setRange(0, 1);
    m_errorRate->setDecimals(4);
    m_errorRate->setSingleStep(0.001);
    m_errorRate->setValue(0.01);
    m_stepSeconds->setRange(0.5, 3600);
    m_stepSeconds->setValue(10);
    m_stepSeconds->setSuffix(tr(" s"));
    auto *form = new QFormLayout;
    form->addRow(tr("http-fanout &workload:"), m_workload);
    form->addRow(tr("p99 at most:"), m_p99);
    form->addRow(tr("error rate at most:"), m_errorRate);
    form->addRow(tr("each step at least:"), m_stepSeconds);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    m_result->setWordWrap(true);
    m_result->setText(m_workload->count() > 0
                          ? tr("Runs the workload at doubling rates until one misses the targets, then bisects.")
                          : tr("This profile has no http-fanout workload to search."));
    m_start->setEnabled(m_workload->count() > 0);
    connect(m_start, &QPushButton::clicked, this, &MaxRateDialog::start);
    connect(buttons, &QDialogButtonBox::rejected, this, &MaxRateDialog::reject);
}

MaxRateDialog::~MaxRateDialog() = default;

void MaxRateDialog::start()
{
    if (m_search && m_search->isRunning())
        return;
    MaxRateOptions o;
    o.workload = m_workload->currentText();
    o.p99Ms = m_p99->value();
    o.maxErrorRate = m_errorRate->value();
    o.stepSeconds = m_stepSeconds->value();
    if (const QString why = MaxRateSearch::problem(m_profile, o); !why.isEmpty()) {
        m_result->setText(why);
        return;
    }
    m_search = std::make_unique<MaxRateSearch>(m_profile, o);
    connect(m_search.get(), &MaxRateSearch::stepStarted, this,
            [this](double rate) { m_result->setText(tr("Running %1 requests/s…").arg(rate, 0, 'f', 1)); });
    connect(m_search.get(), &MaxRateSearch::stepFinished, this,
            [this, o] { m_chart->setSteps(m_search->steps(), o.p99Ms); });
    connect(m_search.get(), &MaxRateSearch::finished, this, &MaxRateDialog::finished);
    for (QWidget *w :
         {static_cast<QWidget *>(m_workload), static_cast<QWidget *>(m_p99), static_cast<QWidget *>(m_errorRate),
          static_cast<QWidget *>(m_stepSeconds), static_cast<QWidget *>(m_start)})
        w->setEnabled(false);
    m_chart->setSteps({}, o.p99Ms);
    m_search->start();
}

void MaxRateDialog::finished(const QString &error)
{
    for (QWidget *w :
         {static_cast<QWidget *>(m_workload), static_cast<QWidget *>(m_p99), static_cast<QWidget *>(m_errorRate),
          static_cast<QWidget *>(m_stepSeconds), static_cast<QWidget *>(m_start)})
        w->setEnabled(true);
    if (!error.isEmpty())
        m_result->setText(error);
    else if (m_search->maxRate() > 0)
        m_result->setText(tr("max rate: %1/s").arg(m_search->maxRate(), 0, 'f', 1));
    else
        m_result->setText(tr("No rate met the targets, not even the first step's."));
}

void MaxRateDialog::reject()
{
    // Closing stops the search: its current step is cancelled and nothing more starts.
    if (m_search && m_search->isRunning())
        m_search->cancel();
    QDialog::reject();
}

} // namespace coroscope
