#include "report/JUnitWriter.h"

#include <QSaveFile>
#include <QXmlStreamWriter>

namespace coroscope {

QByteArray JUnitWriter::toXml(const QString &suiteName, const QList<RuleResult> &results, double seconds)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    qsizetype failures = 0;
    for (const auto &r : results)
        failures += r.passed ? 0 : 1;
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), suiteName);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("time"), QString::number(seconds, 'f', 3));
    for (const auto &r : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"), suiteName);
        xml.writeAttribute(QStringLiteral("name"), r.rule);
        if (!r.passed) {
            xml.writeStartElement(QStringLiteral("failure"));
            const QString message = r.problem.isEmpty() ? QStringLiteral("actual %1").arg(r.actual) : r.problem;
            xml.writeAttribute(QStringLiteral("message"), message);
            xml.writeCharacters(r.rule + QStringLiteral(": ") + message);
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

bool JUnitWriter::write(const QString &path, const QString &suiteName, const QList<RuleResult> &results, double seconds,
                        QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write(toXml(suiteName, results, seconds));
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace coroscope
