#pragma once

#include "fleet/FleetController.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace coroscope {

// "Run on fleet…": where the fleet's Redis is and which agents to take. Remembers what it was last
// given (QSettings); refuses, with the reason under the fields, a URL or a label that would not work.
class FleetRunDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FleetRunDialog(const FleetController::Options &initial, QWidget *parent = nullptr);

    // What the fields hold; valid once the dialog was accepted.
    FleetController::Options options() const { return m_options; }
    void setOptions(const FleetController::Options &options);

    // The last options accepted (or given on the command line), empty URL when none.
    static FleetController::Options remembered();
    static void remember(const FleetController::Options &options);
    // "k=v, k2=v2" and back.
    static QString labelsText(const QMap<QString, QString> &labels);
    static bool parseLabels(const QString &text, QMap<QString, QString> *labels, QString *error);

    void accept() override;

private:
    QLineEdit *m_url;
    QLineEdit *m_passwordEnv;
    QSpinBox *m_agents;
    QLineEdit *m_labels;
    QSpinBox *m_waitSeconds;
    QLabel *m_problem;
    FleetController::Options m_options;
};

} // namespace coroscope
