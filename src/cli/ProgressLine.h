#pragma once

#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QString>

#include <cstdio>

namespace coroscope {

// The live progress line on stderr: redrawn in place on a terminal (at most 4 times a second),
// one line per second otherwise.
class ProgressLine
{
    Q_DECLARE_TR_FUNCTIONS(ProgressLine)
public:
    explicit ProgressLine(FILE *out = stderr);

    static QString format(const Snapshot &s);
    void offer(const Snapshot &s);
    void finish();

private:
    FILE *m_out;
    bool m_tty;
    qint64 m_lastShownNs = -1'000'000'000;
    bool m_drawn = false;
};

} // namespace coroscope
