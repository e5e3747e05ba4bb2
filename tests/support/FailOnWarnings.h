#pragma once

// Force-included into every test source (tests/CMakeLists.txt): QTEST_MAIN and QTEST_GUILESS_MAIN
// then run the test object through execFailingOnWarnings(), so that a Qt warning or critical message
// printed during a test fails that test, with the message in its output. A test that expects a
// warning says so with QTest::ignoreMessage(QtWarningMsg, ...) (criticals count as warnings here).
#include <QtTest/qtest.h>

namespace coroscope::testing {

int execFailingOnWarnings(QObject *testObject, int argc, char **argv);

} // namespace coroscope::testing

#undef QTEST_MAIN_WRAPPER
#define QTEST_MAIN_WRAPPER(TestObject, ...)                                                                            \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                                             \
        __VA_ARGS__                                                                                                    \
        TestObject tc;                                                                                                 \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return ::coroscope::testing::execFailingOnWarnings(&tc, argc, argv);                                           \
    }
