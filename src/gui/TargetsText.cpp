#include "gui/TargetsText.h"

#include <QLabel>

namespace coroscope {

void showTargets(QLabel *label, const Snapshot &s, int maxWidth)
{
    QStringList targets;
    for (const WorkloadSnapshot &w : s.workloads) {
        if (!w.target.isEmpty())
            targets << QStringLiteral("%1: %2").arg(w.name, w.target);
    }
    const QString all = targets.join(QStringLiteral("\n"));
    if (label->toolTip() == all)
        return;
    label->setToolTip(all);
    const QString line = targets.join(QStringLiteral("  |  "));
    label->setText(label->fontMetrics().elidedText(line, Qt::ElideRight, maxWidth));
}

} // namespace coroscope
