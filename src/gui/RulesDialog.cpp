#include "gui/RulesDialog.h"

#include "ui_RulesDialog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>

namespace coroscope {

namespace {
enum Column { WorkloadColumn, MetricColumn, OpColumn, ValueColumn };
}

RulesDialog::RulesDialog(const QStringList &workloads, const QList<PassFailRule> &rules, QWidget *parent)
    : QDialog(parent), ui(std::make_unique<Ui::RulesDialog>()), m_workloads(workloads)
{
    ui->setupUi(this);
    ui->table->horizontalHeader()->setStretchLastSection(true);
    ui->table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const PassFailRule &r : rules)
        addRule(r);
    connect(ui->addButton, &QPushButton::clicked, this, [this] {
        addRule(PassFailRule{QString(), QStringLiteral("p99_ms"), QStringLiteral("<"), 100});
    });
    connect(ui->removeButton, &QPushButton::clicked, this, &RulesDialog::removeSelected);
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

RulesDialog::~RulesDialog() = default;

void RulesDialog::addRule(const PassFailRule &rule)
{
    const int row = ui->table->rowCount();
    ui->table->insertRow(row);
    auto *workload = new QComboBox;
    workload->addItem(tr("(whole run)"), QString());
    for (const QString &w : std::as_const(m_workloads))
        workload->addItem(w, w);
    workload->setCurrentIndex(std::max(0, workload->findData(rule.workload)));
    // Live-judging keys have no column here: they ride along with the row, kept when saved.
    workload->setProperty("abortOnFail", rule.abortOnFail);
    workload->setProperty("afterSeconds", rule.afterSeconds);
    auto *metric = new QComboBox;
    metric->addItems(PassFailRule::metrics());
    metric->setCurrentText(rule.metric);
    auto *op = new QComboBox;
    op->addItems(PassFailRule::operators());
    op->setCurrentText(rule.op);
    auto *value = new QDoubleSpinBox;
    value->setRange(-1e12, 1e12);
    value->setDecimals(3);
    value->setValue(rule.value);
    ui->table->setCellWidget(row, WorkloadColumn, workload);
    ui->table->setCellWidget(row, MetricColumn, metric);
    ui->table->setCellWidget(row, OpColumn, op);
    ui->table->setCellWidget(row, ValueColumn, value);
}

void RulesDialog::removeSelected()
{
    const int row = ui->table->currentRow();
    if (row >= 0)
        ui->table->removeRow(row);
}

QList<PassFailRule> RulesDialog::rules() const
{
    QList<PassFailRule> out;
    for (int row = 0; row < ui->table->rowCount(); ++row) {
        PassFailRule r;
        const auto *workload = static_cast<QComboBox *>(ui->table->cellWidget(row, WorkloadColumn));
        r.workload = workload->currentData().toString();
        r.abortOnFail = workload->property("abortOnFail").toBool();
        r.afterSeconds = workload->property("afterSeconds").toDouble();
        r.metric = static_cast<QComboBox *>(ui->table->cellWidget(row, MetricColumn))->currentText();
        r.op = static_cast<QComboBox *>(ui->table->cellWidget(row, OpColumn))->currentText();
        r.value = static_cast<QDoubleSpinBox *>(ui->table->cellWidget(row, ValueColumn))->value();
        out << r;
    }
    return out;
}

} // namespace coroscope
