#pragma once

// The built coroscope binary run as a user runs it: a profile file written by the test, the
// command line, exit code and output.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace coroscope::testing {

inline QString coroscopeBinary()
{
    return qEnvironmentVariable("COROSCOPE_BINARY");
}

// Writes `bytes` to `name` in `dir`; the file's path.
inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

inline QJsonObject readJsonFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

struct ProcessResult {
    int exitCode = -1; // -1 when it crashed or was killed at the deadline
    QByteArray out, err;
};

// Runs the built coroscope with `args`, killing it after `timeoutMs`.
inline ProcessResult runCoroscope(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(coroscopeBinary(), args);
    ProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace coroscope::testing
