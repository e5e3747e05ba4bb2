#include "support/FailOnWarnings.h"

#include "cli/OpenFileLimit.h"

#include <QRegularExpression>

#include <mutex>

namespace coroscope::testing {

namespace {

QtMessageHandler g_testLog = nullptr; // QTest's own handler: ignoreMessage, failOnWarning, the log
std::mutex g_mutex;                   // messages come from worker threads too
QByteArray g_armedFor;                // the test function and data row failOnWarning was set for

// Messages of a Qt platform plugin about itself, not about the code under test: the offscreen
// plugin (GUI tests) implements no window-manager size hints and says so whenever a widget window
// gets a minimum or maximum size. They are dropped; every other warning fails the test.
bool isPlatformPluginNoise(const QString &message)
{
    static const bool offscreen = qgetenv("QT_QPA_PLATFORM") == "offscreen";
    return offscreen && message == QLatin1String("This plugin does not support propagateSizeHints()");
}

// QTest clears its failOnWarning patterns after every test function and data row, and offers no
// hook before each; so the pattern is set by the first warning of each one, just before QTest's
// handler sees that warning. QTest checks ignoreMessage() first: expected warnings still pass.
void failOnWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    std::lock_guard lock(g_mutex);
    if (type == QtWarningMsg && isPlatformPluginNoise(message))
        return;
    if ((type == QtWarningMsg || type == QtCriticalMsg) && QTest::currentTestFunction()) {
        const QByteArray current = QByteArray(QTest::currentTestFunction()) + '/' + QByteArray(QTest::currentDataTag());
        if (current != g_armedFor) {
            QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
            g_armedFor = current;
        }
        type = QtWarningMsg;
    }
    g_testLog(type, context, message);
}

} // namespace

int execFailingOnWarnings(QObject *testObject, int argc, char **argv)
{
    // The process set-up coroscope itself does: servers and clients in one process need descriptors.
    raiseOpenFileLimit();
    QTest::qInit(testObject, argc, argv);
    g_testLog = qInstallMessageHandler(failOnWarnings);
    const int failures = QTest::qRun();
    qInstallMessageHandler(g_testLog);
    QTest::qCleanup();
    return failures;
}

} // namespace coroscope::testing
