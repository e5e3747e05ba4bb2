#pragma once

#include "core/PassFailRule.h"

#include <QString>

namespace coroscope {

// Pass/fail rules as a JUnit test suite (one test case per rule) for CI systems.
class JUnitWriter
{
public:
    static QByteArray toXml(const QString &suiteName, const QList<RuleResult> &results, double seconds);
    static bool write(const QString &path, const QString &suiteName, const QList<RuleResult> &results, double seconds,
                      QString *error);
};

} // namespace coroscope
