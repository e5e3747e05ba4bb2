#include "gui/FleetRunDialog.h"

#include "fleet/FleetProtocol.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace coroscope {

namespace {
const QString kUrlKey = QStringLiteral("fleet/redisUrl");
const QString kPasswordEnvKey = QStringLiteral("fleet/passwordEnv");
const QString kAgentsKey = QStringLiteral("fleet/agents");
const QString kLabelsKey = QStringLiteral("fleet/labels");
const QString kWaitKey = QStringLiteral("fleet/waitSeconds");

// Every field's object name (what tests find it by) and the tooltip that says what it takes.
template<typename Field> Field *field(Field *widget, const char *objectName, const QString &toolTip)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setToolTip(toolTip);
    return widget;
}
} // namespace

FleetRunDialog::FleetRunDialog(const FleetController::Options &initial, QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit), m_passwordEnv(new QLineEdit), m_agents(new QSpinBox),
      m_labels(new QLineEdit), m_waitSeconds(new QSpinBox), m_problem(new QLabel)
{
    setObjectName(QStringLiteral("fleetRunDialog"));
    setWindowTitle(tr("Run on Fleet"));
    field(m_url, "redisUrl", tr("The Redis every agent joined (coroscope agent --redis URL)"))
        ->setPlaceholderText(QStringLiteral("redis://127.0.0.1:6379/0"));
    field(m_passwordEnv, "passwordEnv",
          tr("The environment variable holding Redis's password, as a queue's passwordEnv"))
        ->setPlaceholderText(tr("none"));
    field(m_agents, "agents", tr("How many idle agents run the profile; each runs an even share of every workload"))
        ->setRange(1, 1000);
    field(m_labels, "labels", tr("Only agents carrying every one of these labels (coroscope agent --label k=v)"))
        ->setPlaceholderText(tr("zone=eu, tier=a"));
    field(m_waitSeconds, "waitSeconds", tr("How long to wait for the agents before giving up"))->setRange(1, 3600);
    m_waitSeconds->setSuffix(tr(" s"));
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Redis URL:"), m_url);
    form->addRow(tr("&Password variable:"), m_passwordEnv);
    form->addRow(tr("&Agents:"), m_agents);
    form->addRow(tr("&Labels:"), m_labels);
    form->addRow(tr("&Wait for agents:"), m_waitSeconds);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start on Fleet"));
    connect(buttons, &QDialogButtonBox::accepted, this, &FleetRunDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &FleetRunDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setOptions(initial);
    resize(480, sizeHint().height());
}

void FleetRunDialog::setOptions(const FleetController::Options &o)
{
    m_url->setText(o.redisUrl);
    m_passwordEnv->setText(o.passwordEnv);
    m_agents->setValue(o.agents);
    m_labels->setText(labelsText(o.labels));
    m_waitSeconds->setValue(std::max(1, o.waitMs / 1000));
}

void FleetRunDialog::accept()
{
    FleetController::Options o;
    o.redisUrl = m_url->text().trimmed();
    o.passwordEnv = m_passwordEnv->text().trimmed();
    o.agents = m_agents->value();
    o.waitMs = m_waitSeconds->value() * 1000;
    QString error;
    RedisAddress address;
    if (!parseLabels(m_labels->text(), &o.labels, &error) ||
        !FleetProtocol::resolveAddress(tr("Redis URL"), o.redisUrl, o.passwordEnv, &address, &error)) {
        m_problem->setText(error);
        m_problem->show();
        return;
    }
    m_options = o;
    remember(o);
    QDialog::accept();
}

FleetController::Options FleetRunDialog::remembered()
{
    QSettings s;
    FleetController::Options o;
    o.redisUrl = s.value(kUrlKey).toString();
    o.passwordEnv = s.value(kPasswordEnvKey).toString();
    o.agents = std::clamp(s.value(kAgentsKey, 1).toInt(), 1, 1000);
    QString ignored;
    parseLabels(s.value(kLabelsKey).toString(), &o.labels, &ignored);
    o.waitMs = std::clamp(s.value(kWaitKey, 30).toInt(), 1, 3600) * 1000;
    return o;
}

void FleetRunDialog::remember(const FleetController::Options &o)
{
    QSettings s;
    s.setValue(kUrlKey, o.redisUrl);
    s.setValue(kPasswordEnvKey, o.passwordEnv);
    s.setValue(kAgentsKey, o.agents);
    s.setValue(kLabelsKey, labelsText(o.labels));
    s.setValue(kWaitKey, o.waitMs / 1000);
}

QString FleetRunDialog::labelsText(const QMap<QString, QString> &labels)
{
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(QStringLiteral(", "));
}

bool FleetRunDialog::parseLabels(const QString &text, QMap<QString, QString> *labels, QString *error)
{
    labels->clear();
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty() && !FleetProtocol::parseLabel(part.trimmed(), labels, error))
            return false;
    }
    return true;
}

} // namespace coroscope
