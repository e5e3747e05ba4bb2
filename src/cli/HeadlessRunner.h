#pragma once

#include "cli/CommandLine.h"

#include <QCoreApplication>

namespace coroscope {

class CsvSeriesWriter;

// `coroscope --headless PROFILE.json [options]`: loads, runs, reports, and returns the exit code
// of CONTRACT.md (0 passed, 1 a rule failed, 2 bad input, 130 interrupted).
class HeadlessRunner
{
    Q_DECLARE_TR_FUNCTIONS(HeadlessRunner)
public:
    enum ExitCode { Passed = 0, RuleFailed = 1, BadInput = 2, Interrupted = 130 };

    static int run(const CommandLine &options);
    // The warning printed before a run whose workloads need more descriptors than `limit` (the soft
    // limit after raising it to the hard one); empty when they fit or the limit is unknown.
    static QString descriptorWarning(qint64 needed, long long limit);
    // A line on stderr, flushed (the runners' messages).
    static void printError(const QString &text);
    // Opens --csv when given; false after saying why on stderr.
    static bool openCsv(const CommandLine &options, CsvSeriesWriter *csv);
};

} // namespace coroscope
