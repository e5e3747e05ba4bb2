#include "report/RunReportFiles.h"

#include "report/ShapeReport.h"

#include "report/JsonReport.h"
#include "report/TimeSeriesRecorder.h"

#include <QFileInfo>
#include <QSaveFile>

namespace coroscope {

QString RunReportFiles::csvPathBeside(const QString &reportPath)
{
    const QFileInfo info(reportPath);
    return info.absolutePath() + u'/' + info.completeBaseName() + QStringLiteral(".csv");
}

bool RunReportFiles::write(const Run &run, const QString &reportPath, bool csv, QString *error)
{
    if (!run.spec || !run.finalSnapshot) {
        *error = tr("no run has finished yet");
        return false;
    }
    QJsonObject report = JsonReport::build(*run.spec, *run.finalSnapshot, run.startedAt, false, run.rules,
                                           run.series ? run.series->toJson() : QJsonArray());
    ShapeReport::addTo(report, *run.finalSnapshot, run.abort);
    for (auto it = run.extraKeys.begin(); it != run.extraKeys.end(); ++it)
        report.insert(it.key(), it.value());
    QString why;
    if (!JsonReport::write(reportPath, report, &why)) {
        *error = tr("%1: %2").arg(reportPath, why);
        return false;
    }
    if (!csv || !run.series)
        return true;
    const QString csvPath = csvPathBeside(reportPath);
    QSaveFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(run.series->toCsv()) < 0 || !file.commit()) {
        *error = tr("%1: %2").arg(csvPath, file.errorString());
        return false;
    }
    return true;
}

} // namespace coroscope
