#include "support/FailOnWarnings.h"

#include "cli/OpenFileLimit.h"

#include <QRegularExpression>

#include <mutex>

namespace coroscope::testing {

namespace {

QtMessageHandler g_testLog = nullptr; // QTest's own handler: ignoreMessage, failOnWarning, the log
std::mutex g_mutex;                   // messages come from worker threads too
QByteArray g_armedFor;                // the test function and data row failOnWarning was set for

// QTest clears its failOnWarning patterns after every test function and data row, and offers no
// hook before each; so the pattern is set by the first warning of each one, just before QTest's
// handler sees that warning. QTest checks ignoreMessage() first: expected warnings still pass.
// Said by Qt's offscreen platform plugin (QPlatformWindow's default) whenever a widget test shows a
// window: a limit of the plugin the GUI tests run on, not something the code under test did.
bool isPlatformPluginNotice(const QString &message)
{
    return message == QLatin1String("This plugin does not support propagateSizeHints()");
}

void failOnWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    std::lock_guard lock(g_mutex);
    if (isPlatformPluginNotice(message))
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
