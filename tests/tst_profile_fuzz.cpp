// Random mutations of the bundled profiles (a fixed seed, a few thousand cases) through the one
// profile check the CLI and the window use: nothing crashes; every refusal says where (a JSON path,
// or the line and column of a syntax error) and what; whatever is accepted builds its workloads and
// survives a save and a reload. Runs under ASan with the rest of the suite.
#include "profile/ProfileValidator.h"
#include "profile/ProfileWriter.h"
#include "workloads/WorkloadRegistry.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace coroscope;

namespace {

constexpr int kCasesPerProfile = 600;
constexpr quint32 kSeed = 20261129;

QJsonValue randomValue(QRandomGenerator &rng)
{
    static const QJsonValue values[] = {
        0,
        1,
        -1,
        2,
        0.5,
        -0.0,
        1e-9,
        65535,
        65536,
        2147483647,
        2147483648.0,
        9007199254740993.0,
        1e18,
        1e308,
        -1e308,
        QString(),
        QStringLiteral("x"),
        QStringLiteral("builtin:/hello"),
        QStringLiteral("builtin"),
        QStringLiteral("redis://127.0.0.1:1/0"),
        QStringLiteral("http://[::1"),
        QStringLiteral("uniform"),
        QString(5000, u'a'),
        QStringLiteral("\u4e2d\u6587"),
        true,
        false,
        QJsonValue(QJsonValue::Null),
        QJsonArray(),
        QJsonArray{1, 2, 3},
        QJsonObject(),
        QJsonObject{{QStringLiteral("dist"), QStringLiteral("fixed")}},
        QJsonObject{{QStringLiteral("dist"), QStringLiteral("uniform")}, {QStringLiteral("min"), 5}},
        QJsonObject{{QStringLiteral("dist"), QStringLiteral("list")}, {QStringLiteral("values"), QJsonArray()}}};
    return values[rng.bounded(int(std::size(values)))];
}

// Replaces, removes or adds one value somewhere in `v`, walking down a random path.
QJsonValue mutate(const QJsonValue &v, QRandomGenerator &rng, int depth = 0)
{
    const bool stopHere = depth > 0 && rng.bounded(3) == 0;
    if (v.isObject() && !stopHere) {
        QJsonObject o = v.toObject();
        const QStringList keys = o.keys();
        const int choice = rng.bounded(10);
        if (keys.isEmpty() || choice == 0) {
            o.insert(QStringLiteral("unknownKey%1").arg(rng.bounded(3)), randomValue(rng));
        } else {
            const QString key = keys.at(rng.bounded(int(keys.size())));
            if (choice == 1)
                o.remove(key);
            else
                o.insert(key, mutate(o.value(key), rng, depth + 1));
        }
        return o;
    }
    if (v.isArray() && !stopHere) {
        QJsonArray a = v.toArray();
        const int choice = rng.bounded(8);
        if (a.isEmpty() || choice == 0) {
            a.append(randomValue(rng));
        } else {
            const int i = rng.bounded(int(a.size()));
            if (choice == 1)
                a.removeAt(i);
            else if (choice == 2)
                a.append(a.at(i)); // a duplicate workload: same name twice
            else
                a.replace(i, mutate(a.at(i), rng, depth + 1));
        }
        return a;
    }
    return randomValue(rng);
}

QByteArray mutateText(QByteArray text, QRandomGenerator &rng)
{
    static const QByteArray tokens[] = {
        "{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-", "\\u12", "\xEF\xBB\xBF", "\xff", "\n", "0x10", "//"};
    const int at = rng.bounded(int(text.size()) + 1);
    switch (rng.bounded(4)) {
    case 0:
        if (!text.isEmpty())
            text[std::min<qsizetype>(at, text.size() - 1)] = char(rng.bounded(256));
        break;
    case 1:
        text.remove(at, rng.bounded(40));
        break;
    case 2:
        text.insert(at, tokens[rng.bounded(int(std::size(tokens)))]);
        break;
    default:
        text.truncate(at);
    }
    return text;
}

} // namespace

class TestProfileFuzz : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mutatedProfiles_data();
    void mutatedProfiles();
};

void TestProfileFuzz::mutatedProfiles_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/resources/profiles"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 5);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestProfileFuzz::mutatedProfiles()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QByteArray original = file.readAll();
    const QJsonObject document = QJsonDocument::fromJson(original).object();
    QVERIFY(!document.isEmpty());
    QRandomGenerator rng(kSeed ^ quint32(qHash(QFileInfo(path).fileName())));

    int accepted = 0, refused = 0;
    for (int n = 0; n < kCasesPerProfile; ++n) {
        const bool structured = rng.bounded(4) != 0; // mostly valid JSON with wrong values, some broken text
        QByteArray text;
        if (structured) {
            QJsonValue v = document;
            for (int k = 0, edits = 1 + rng.bounded(3); k < edits; ++k)
                v = mutate(v, rng);
            text = QJsonDocument(v.toObject()).toJson();
        } else {
            text = mutateText(original, rng);
        }
        const QString where = QStringLiteral("case %1 of %2:\n%3").arg(n).arg(path, QString::fromUtf8(text.left(3000)));
        const ProfileLoader::Result r = ProfileValidator::checkText(text, QStringLiteral("fuzz.json"));
        if (!r.ok()) {
            ++refused;
            bool anyError = false;
            for (const JsonIssue &i : r.issues) {
                if (i.warning)
                    continue;
                anyError = true;
                QVERIFY2(!i.message.isEmpty(), qPrintable(where));
                if (structured)
                    QVERIFY2(!i.path.isEmpty(),
                             qPrintable(QStringLiteral("no JSON path in \"%1\" for %2").arg(i.message, where)));
                else
                    QVERIFY2(
                        !i.path.isEmpty() || i.message.contains(QStringLiteral("line")) ||
                            i.message.contains(QStringLiteral("top level")) ||
                            i.message.contains(QStringLiteral("byte-order mark")),
                        qPrintable(
                            QStringLiteral("neither a path nor a position in \"%1\" for %2").arg(i.message, where)));
            }
            QVERIFY2(anyError, qPrintable(where));
            continue;
        }
        ++accepted;
        // Accepted means buildable: the check and the build agree.
        QList<JsonIssue> issues;
        const auto workloads = WorkloadRegistry::buildAll(*r.spec, &issues);
        QVERIFY2(!workloads.empty(), qPrintable(where));
        // And what is saved loads again.
        const QByteArray saved = ProfileWriter::toBytes(*r.spec);
        const ProfileLoader::Result again = ProfileValidator::checkText(saved, QStringLiteral("saved.json"));
        QVERIFY2(again.ok(), qPrintable(again.errorText(QStringLiteral("saved.json")) + u'\n' + where));
    }
    qInfo("%s: %d accepted, %d refused", qPrintable(QFileInfo(path).fileName()), accepted, refused);
    // The mutations reach both sides, or the test proves little.
    QVERIFY2(accepted > kCasesPerProfile / 20 && refused > kCasesPerProfile / 4,
             qPrintable(QStringLiteral("accepted %1, refused %2").arg(accepted).arg(refused)));
}

QTEST_GUILESS_MAIN(TestProfileFuzz)
#include "tst_profile_fuzz.moc"
