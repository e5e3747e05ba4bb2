#include "gui/AboutBox.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace coroscope {

void showAboutBox(QWidget *parent)
{
    // The MainWindow context keeps the catalogue's existing entries.
    QMessageBox::about(parent, QCoreApplication::translate("coroscope::MainWindow", "About Coroscope"),
                       QCoreApplication::translate("coroscope::MainWindow",
                                                   "<b>Coroscope %1</b><p>Runs asynchronous workloads on the Qt "
                                                   "event loop with QCoro coroutines and shows, live, what every "
                                                   "task is doing.</p>")
                           .arg(QStringLiteral(COROSCOPE_VERSION)));
}

} // namespace coroscope
