#pragma once

// Declares `variable` as the path of the command-line tool `name` (a string literal), or skips the
// test when the tool is not installed: the tests that drive a real client (curl, wrk, socat, ...).
#include <QStandardPaths>
#include <QTest>

#define FIND_TOOL_OR_SKIP(variable, name)                                                                              \
    const QString variable = QStandardPaths::findExecutable(QStringLiteral(name));                                     \
    if (variable.isEmpty())                                                                                            \
    QSKIP(name " is not installed (scripts/bootstrap installs it)")
