#pragma once

#include "core/PassFailRule.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QString>

namespace coroscope {

// The end-of-run table printed on stdout.
class SummaryTable
{
    Q_DECLARE_TR_FUNCTIONS(SummaryTable)
public:
    static QString render(const QString &profile, const Snapshot &s, bool interrupted,
                          const QList<RuleResult> &rules);
};

} // namespace coroscope
