#pragma once

#include <QString>

class QWidget;

namespace coroscope {

// Writes what a widget shows (a chart, the charts page) to a PNG the user picks.
class PngExport
{
public:
    // Asks for a file name (starting in the last directory used); returns the path written, or empty
    // when the user cancelled or the file could not be written (then a message says why).
    static QString askAndSave(QWidget *what, const QString &suggestedName, QWidget *dialogParent);
    // Writes without asking; false with `error` set when the file cannot be written.
    static bool save(QWidget *what, const QString &path, QString *error);
};

} // namespace coroscope
