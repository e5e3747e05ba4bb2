#include "gui/PngExport.h"

#include "gui/ProfileDocument.h"
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QSaveFile>
#include <QWidget>

namespace coroscope {

bool PngExport::save(QWidget *what, const QString &path, QString *error)
{
    const QPixmap pixmap = what->grab();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !pixmap.save(&file, "PNG") || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

QString PngExport::askAndSave(QWidget *what, const QString &suggestedName, QWidget *dialogParent)
{

    const QString dir = ProfileDocument::lastDirectory();
    QString path = QFileDialog::getSaveFileName(dialogParent, QCoreApplication::translate("PngExport", "Export as PNG"),
                                                dir + u'/' + suggestedName + QStringLiteral(".png"),
                                                QCoreApplication::translate("PngExport", "PNG images (*.png)"));
    if (path.isEmpty())
        return {};
    if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    QString error;
    if (!save(what, path, &error)) {
        QMessageBox::warning(dialogParent, QCoreApplication::translate("PngExport", "Cannot export"),
                             QStringLiteral("%1: %2").arg(path, error));
        return {};
    }
    ProfileDocument::rememberDirectory(path);
    return path;
}

} // namespace coroscope
