#include "profile/ProfileLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace coroscope {

namespace {

QString lineColumn(const QByteArray &data, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < data.size(); ++i) {
        if (data[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QCoreApplication::translate("ProfileLoader", "line %1, column %2").arg(line).arg(column);
}

bool hasErrors(const QList<JsonIssue> &issues)
{
    for (const auto &i : issues) {
        if (!i.warning)
            return true;
    }
    return false;
}

// The objects of a JSON array with their paths ("workloads[2]"); any other element is an issue,
// `expected` (with %1 for what was found) says what should have been there.
struct Element {
    qsizetype index;
    QString path;
    QJsonObject object;
};
QList<Element> objectsOf(const QJsonArray &array, const QString &name, const QString &expected,
                         QList<JsonIssue> *issues)
{
    QList<Element> objects;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(name).arg(i);
        if (array.at(i).isObject())
            objects.append(Element{i, path, array.at(i).toObject()});
        else
            issues->append(JsonIssue{path, expected.arg(JsonReader::describe(array.at(i)))});
    }
    return objects;
}

} // namespace

QString ProfileLoader::Result::errorText(const QString &file) const
{
    QStringList lines;
    for (const auto &i : issues) {
        if (!i.warning)
            lines << file + tr(": ") + i.toString();
    }
    return lines.join(u'\n');
}

QStringList ProfileLoader::Result::warnings(const QString &file) const
{
    QStringList lines;
    for (const auto &i : issues) {
        if (i.warning)
            lines << file + tr(": warning: ") + i.toString();
    }
    return lines;
}

ProfileLoader::Result ProfileLoader::loadFile(const QString &path)
{
    Result r;
    QFile f(path);
    const QFileInfo info(path);
    if (info.isDir()) {
        r.issues << JsonIssue{QString(), tr("is a directory; expected a profile file (JSON)")};
        return r;
    }
    if (!info.isFile()) {
        r.issues << JsonIssue{QString(), info.exists() ? tr("not a regular file; expected a profile file (JSON)")
                                                       : tr("no such file")};
        return r;
    }
    if (f.size() > kMaxFileBytes) {
        r.issues << JsonIssue{
            QString(), tr("the file is %1 bytes; a profile may have at most %2").arg(f.size()).arg(kMaxFileBytes)};
        return r;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        r.issues << JsonIssue{QString(), tr("cannot read the file: %1").arg(f.errorString())};
        return r;
    }
    Result parsed = parse(f.readAll(), path);
    if (parsed.spec) {
        parsed.spec->sourceFile = QFileInfo(path).absoluteFilePath();
        for (WorkloadSpec &w : parsed.spec->workloads)
            w.baseDir = QFileInfo(path).absolutePath();
    }
    return parsed;
}

ProfileLoader::Result ProfileLoader::parse(const QByteArray &data, const QString &sourceName)
{
    Result r;
    if (data.startsWith("\xEF\xBB\xBF")) {
        r.issues << JsonIssue{QString(), QStringLiteral("the file starts with a UTF-8 byte-order mark; "
                                                        "expected plain UTF-8 JSON without one")};
        return r;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        r.issues << JsonIssue{QString(),
                              tr("not valid JSON at %1: %2").arg(lineColumn(data, error.offset), error.errorString())};
        return r;
    }
    if (!doc.isObject()) {
        r.issues << JsonIssue{QString(), tr("expected a JSON object at the top level, found %1")
                                             .arg(doc.isArray() ? tr("an array") : tr("a value"))};
        return r;
    }

    JsonReader top(doc.object(), QString(), &r.issues);
    RunSpec spec;
    if (!top.has(QStringLiteral("schemaVersion"))) {
        top.error(QStringLiteral("schemaVersion"),
                  tr("expected %1, found nothing (the key is required)").arg(kSchemaVersion));
    } else {
        const qint64 version = top.integer(QStringLiteral("schemaVersion"), -1, 1, 1'000'000);
        if (version > kSchemaVersion) {
            top.error(QStringLiteral("schemaVersion"),
                      QStringLiteral("schema version %1 is newer than this Coroscope understands (%2); "
                                     "upgrade Coroscope to open it")
                          .arg(version)
                          .arg(kSchemaVersion));
            return r;
        }
        spec.schemaVersion = int(version);
    }
    spec.name = top.string(QStringLiteral("name"), QFileInfo(sourceName).completeBaseName());
    spec.description = top.string(QStringLiteral("description"), QString());
    spec.sourceDocument = doc.object();
    spec.sourceText = data;

    JsonReader run = top.child(QStringLiteral("run"));
    spec.durationSeconds = run.number(QStringLiteral("durationSeconds"), 0, 0, 7 * 24 * 3600);
    spec.drainTimeoutMs = int(run.integer(QStringLiteral("drainTimeoutMs"), 1000, 0, 600'000));
    spec.snapshotIntervalMs = int(run.integer(QStringLiteral("snapshotIntervalMs"), 100, 10, 10'000));
    spec.onAgentLoss = run.choice(QStringLiteral("onAgentLoss"), {QStringLiteral("continue"), QStringLiteral("fail")},
                                  QStringLiteral("continue"));
    spec.threads = int(run.integer(QStringLiteral("threads"), 0, 0, 1024));
    run.warnUnknownKeys();

    const QJsonValue workloads = top.value(QStringLiteral("workloads"));
    if (!workloads.isArray() || workloads.toArray().isEmpty()) {
        r.issues << JsonIssue{QStringLiteral("workloads"),
                              tr("expected a non-empty array of workload objects, found %1")
                                  .arg(workloads.isArray() ? tr("an empty array") : JsonReader::describe(workloads))};
    } else {
        QSet<QString> names;
        for (auto [i, path, obj] : objectsOf(workloads.toArray(), QStringLiteral("workloads"),
                                             tr("expected a workload object, found %1"), &r.issues)) {
            JsonReader w(obj, path, &r.issues);
            WorkloadSpec ws;
            ws.jsonPath = path;
            ws.type = w.string(QStringLiteral("type"), QString(), true);
            ws.name = w.string(QStringLiteral("name"), ws.type.isEmpty() ? path : ws.type + QString::number(i + 1));
            ws.enabled = w.boolean(QStringLiteral("enabled"), true);
            ws.startAfterMs = int(w.integer(QStringLiteral("startAfterMs"), 0, 0, 86'400'000));
            if (names.contains(ws.name))
                w.error(QStringLiteral("name"),
                        tr("expected a name no other workload has, found \"%1\" again").arg(ws.name));
            names.insert(ws.name);
            obj.remove(QStringLiteral("type"));
            obj.remove(QStringLiteral("name"));
            obj.remove(QStringLiteral("enabled"));
            obj.remove(QStringLiteral("startAfterMs"));
            ws.params = obj;
            spec.workloads.push_back(std::move(ws));
        }
    }

    const QJsonValue rules = top.value(QStringLiteral("rules"));
    if (top.has(QStringLiteral("rules"))) {
        if (!rules.isArray()) {
            r.issues << JsonIssue{QStringLiteral("rules"),
                                  tr("expected an array of rule objects, found %1").arg(JsonReader::describe(rules))};
        } else {
            for (const auto &[i, path, obj] : objectsOf(rules.toArray(), QStringLiteral("rules"),
                                                        tr("expected a rule object, found %1"), &r.issues)) {
                JsonReader rr(obj, path, &r.issues);
                PassFailRule rule;
                rule.workload = rr.string(QStringLiteral("workload"), QString());
                rule.metric = rr.choice(QStringLiteral("metric"), PassFailRule::metrics(), QString());
                if (!rr.has(QStringLiteral("metric")))
                    rr.error(QStringLiteral("metric"), tr("expected one of %1, found nothing")
                                                           .arg(PassFailRule::metrics().join(QStringLiteral(", "))));
                rule.op = rr.choice(QStringLiteral("op"), PassFailRule::operators(), QString());
                if (!rr.has(QStringLiteral("op")))
                    rr.error(QStringLiteral("op"), tr("expected one of <, <=, >, >=, found nothing"));
                rule.value = rr.number(QStringLiteral("value"), 0, -1e18, 1e18);
                if (!rr.has(QStringLiteral("value")))
                    rr.error(QStringLiteral("value"), tr("expected a number, found nothing"));
                rule.abortOnFail = rr.boolean(QStringLiteral("abortOnFail"), false);
                rule.afterSeconds = rr.number(QStringLiteral("afterSeconds"), 0, 0, 7 * 24 * 3600);
                if (!rule.workload.isEmpty()) {
                    bool known = false;
                    for (const auto &w : spec.workloads)
                        known = known || w.name == rule.workload;
                    if (!known)
                        rr.error(
                            QStringLiteral("workload"),
                            tr("expected the name of a workload of this profile, found \"%1\"").arg(rule.workload));
                }
                rr.warnUnknownKeys();
                spec.rules << rule;
            }
        }
    }
    top.warnUnknownKeys();

    if (!hasErrors(r.issues))
        r.spec = std::move(spec);
    return r;
}

} // namespace coroscope
