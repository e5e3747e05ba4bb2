#include "gui/LiveChangeBar.h"

#include "core/Run.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace coroscope {

LiveChangeBar::LiveChangeBar(QWidget *parent)
    : QWidget(parent), m_workload(new QComboBox), m_key(new QComboBox), m_value(new QDoubleSpinBox),
      m_apply(new QPushButton(tr("&Apply"))), m_status(new QLabel)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Change while running:")));
    layout->addWidget(m_workload);
    layout->addWidget(m_key);
    layout->addWidget(m_value);
    layout->addWidget(m_apply);
    layout->addWidget(m_status, 1);
    // The combos grow with what they list ("connections" was cut to "connecti" at the default width).
    for (QComboBox *box : {m_workload, m_key})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_value->setRange(0, 10'000'000);
    m_value->setDecimals(1);
    m_apply->setToolTip(tr("Apply the new value now, without restarting anything; the change is marked on the "
                           "charts and listed in the report"));
    connect(m_workload, &QComboBox::currentIndexChanged, this, &LiveChangeBar::fillKeys);
    connect(m_key, &QComboBox::currentIndexChanged, this, [this] {
        m_valueEdited = false;
        // A rate may be fractional; concurrency and connections are whole counts.
        const bool rate = m_key->currentIndex() >= 0 && LiveKey(m_key->currentData().toInt()) == LiveKey::Rate;
        m_value->setDecimals(rate ? 1 : 0);
        if (m_lastShown)
            offer(*m_lastShown);
    });
    connect(m_value, &QDoubleSpinBox::valueChanged, this, [this] { m_valueEdited = m_value->hasFocus(); });
    connect(m_apply, &QPushButton::clicked, this, &LiveChangeBar::apply);
    setRun(nullptr);
}

void LiveChangeBar::setRun(Run *run)
{
    m_run = run;
    m_lastShown.reset();
    m_workload->clear();
    m_status->clear();
    if (run) {
        const SnapshotPtr s = run->latestSnapshot();
        for (int i = 0; s && i < int(s->workloads.size()); ++i) {
            if (!run->liveKeys(i).isEmpty())
                m_workload->addItem(s->workloads[size_t(i)].name, i);
        }
    }
    setEnabled(run && m_workload->count() > 0);
    fillKeys();
}

void LiveChangeBar::fillKeys()
{
    m_key->clear();
    m_valueEdited = false;
    if (!m_run || m_workload->currentIndex() < 0)
        return;
    for (LiveKey k : m_run->liveKeys(m_workload->currentData().toInt()))
        m_key->addItem(liveKeyName(k), int(k));
    if (m_lastShown)
        offer(*m_lastShown);
}

void LiveChangeBar::offer(const Snapshot &s)
{
    if (!m_run)
        return;
    m_lastShown = m_run->latestSnapshot();
    const int index = m_workload->currentData().toInt();
    if (m_valueEdited || m_key->currentIndex() < 0 || index < 0 || size_t(index) >= s.workloads.size())
        return;
    // The current value is what the window offers to change from (until the user types).
    const WorkloadSnapshot &w = s.workloads[size_t(index)];
    if (w.loadKey == liveKeyKey(LiveKey(m_key->currentData().toInt())) && w.loadTarget >= 0)
        m_value->setValue(w.loadTarget);
}

void LiveChangeBar::apply()
{
    if (!m_run || m_key->currentIndex() < 0)
        return;
    QString error;
    const LiveKey key = LiveKey(m_key->currentData().toInt());
    if (m_run->changeLive(m_workload->currentData().toInt(), key, m_value->value(), &error))
        m_status->setText(
            tr("%1 of %2 set to %3").arg(liveKeyName(key), m_workload->currentText()).arg(m_value->value()));
    else
        m_status->setText(error);
    m_valueEdited = false;
}

} // namespace coroscope
