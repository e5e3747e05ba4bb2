#include "gui/ProfileDocument.h"

#include "profile/ProfileLoader.h"
#include "profile/ProfileValidator.h"
#include "profile/ProfileWriter.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>
#include <QWidget>

namespace coroscope {

namespace {
const QString kLastDirectoryKey = QStringLiteral("files/lastDirectory");
const QString kRecentKey = QStringLiteral("files/recent");
constexpr int kRecentCount = 8;
} // namespace

ProfileDocument::ProfileDocument(QWidget *window) : QObject(window), m_window(window) {}

QString ProfileDocument::lastDirectory()
{
    return QSettings().value(kLastDirectoryKey, QDir::homePath()).toString();
}

void ProfileDocument::rememberDirectory(const QString &fileOrDirectory)
{
    const QFileInfo info(fileOrDirectory);
    QSettings().setValue(kLastDirectoryKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QString ProfileDocument::suggestedFileName(const QString &profileName)
{
    // Letters (any script), digits, '.', '_' and '-' stay; every other run of characters becomes one
    // '-', so the name is safe on every file system and in a shell without quotes.
    QString base = profileName.normalized(QString::NormalizationForm_C);
    static const QRegularExpression unsafe(QStringLiteral("[^\\w.\\-]+"),
                                           QRegularExpression::UseUnicodePropertiesOption);
    base.replace(unsafe, QStringLiteral("-"));
    static const QRegularExpression edges(QStringLiteral("^[-.]+|[-.]+$"));
    base.remove(edges);
    if (base.isEmpty())
        base = QStringLiteral("profile");
    return base.left(100) + QStringLiteral(".json");
}

QStringList ProfileDocument::recentFiles() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void ProfileDocument::setRecentMenu(QMenu *menu)
{
    m_recentMenu = menu;
    fillRecentMenu();
}

bool ProfileDocument::open(const QString &path)
{
    if (m_locked) {
        Q_EMIT errorOccurred(tr("Cannot open a profile"), tr("Stop the run first."));
        return false;
    }
    // The one check the command line makes too: the file, the top level, each workload's keys, the rules.
    const ProfileLoader::Result loaded = ProfileValidator::checkFile(path);
    if (!loaded.ok()) {
        Q_EMIT errorOccurred(
            tr("Cannot open the profile"),
            tr("The profile was not opened; the current one stays.\n\n%1").arg(loaded.errorText(path)));
        return false;
    }
    // Bundled profiles live in the read-only resources: Save then asks where.
    const bool bundled = path.startsWith(u':');
    load(*loaded.spec, bundled ? QString() : QFileInfo(path).absoluteFilePath());
    if (!bundled)
        rememberRecent(m_path);
    // Unknown keys are kept, not dropped, and the user hears about them.
    const QStringList warnings = loaded.warnings(path);
    if (!warnings.isEmpty()) {
        auto *box = new QMessageBox(QMessageBox::Information, tr("Opened with warnings"),
                                    tr("The profile was opened with these warnings. Unknown keys are not used, "
                                       "and saving keeps them.\n\n%1")
                                        .arg(warnings.join(u'\n')),
                                    QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("warningBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return true;
}

void ProfileDocument::setSpec(const RunSpec &spec)
{
    load(spec, QString());
}

void ProfileDocument::load(const RunSpec &spec, const QString &path)
{
    m_spec = spec;
    m_path = path;
    m_modified = false;
    Q_EMIT loaded();
    Q_EMIT modifiedChanged(false);
}

void ProfileDocument::chooseAndOpen()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Profile"), lastDirectory(),
                                                      tr("Coroscope profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        open(path);
}

bool ProfileDocument::openDropped(const QMimeData *mime)
{
    const QList<QUrl> urls = mime->urls();
    return urls.size() == 1 && urls.first().isLocalFile() && maybeSave() && open(urls.first().toLocalFile());
}

void ProfileDocument::newProfile()
{
    if (m_locked || !maybeSave())
        return;
    const auto blank = ProfileLoader::parse(R"({"schemaVersion": 1, "name": "untitled", "workloads": [
        {"type": "sleep", "name": "gather", "tasks": 3, "delayMs": {"dist": "list", "values": [1000, 2000, 4000]}}]})",
                                            QStringLiteral("untitled"));
    load(*blank.spec, QString());
}

bool ProfileDocument::save()
{
    if (!m_spec)
        return false;
    return m_path.isEmpty() ? saveAs() : saveTo(m_path);
}

bool ProfileDocument::saveAs()
{
    if (!m_spec)
        return false;
    const QString proposed = m_path.isEmpty() ? lastDirectory() + u'/' + suggestedFileName(m_spec->name) : m_path;
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save Profile"), proposed, tr("Coroscope profiles (*.json)"));
    return !path.isEmpty() && saveTo(path);
}

bool ProfileDocument::saveTo(const QString &path)
{
    if (!m_spec)
        return false;
    const QStringList problems = m_problems ? m_problems() : QStringList();
    if (!problems.isEmpty()) {
        Q_EMIT errorOccurred(
            tr("Cannot save the profile"),
            tr("Fix these first: a profile saved like this would not open again.\n\n%1").arg(problems.join(u'\n')));
        return false;
    }
    QString error;
    if (!ProfileWriter::save(path, *m_spec, &error)) {
        Q_EMIT errorOccurred(tr("Cannot save the profile"), tr("%1: %2").arg(path, error));
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_spec->sourceDocument = ProfileWriter::toJson(*m_spec);
    setModified(false);
    rememberRecent(m_path);
    return true;
}

bool ProfileDocument::maybeSave()
{
    if (!m_modified || !m_spec)
        return true;
    const auto answer = QMessageBox::question(
        m_window, tr("Unsaved changes"), tr("The profile \"%1\" has changes that are not saved.").arg(m_spec->name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void ProfileDocument::setWorkloads(const std::vector<WorkloadSpec> &workloads)
{
    if (!m_spec)
        return;
    m_spec->workloads = workloads;
    setModified(true);
}

void ProfileDocument::setRules(const QList<PassFailRule> &rules)
{
    if (!m_spec)
        return;
    m_spec->rules = rules;
    setModified(true);
}

void ProfileDocument::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

bool ProfileDocument::renameWorkloadInRules(const QString &from, const QString &to)
{
    if (!m_spec)
        return false;
    const auto &workloads = m_spec->workloads;
    const bool stillNamed =
        std::any_of(workloads.cbegin(), workloads.cend(), [&from](const WorkloadSpec &w) { return w.name == from; });
    bool changed = false;
    for (PassFailRule &r : m_spec->rules) {
        if (!stillNamed && r.workload == from) {
            r.workload = to;
            changed = true;
        }
    }
    if (changed)
        setModified(true);
    return changed;
}

QStringList ProfileDocument::ruleProblems() const
{
    QStringList problems;
    if (!m_spec)
        return problems;
    // A removed or renamed-away workload leaves a rule nobody can satisfy.
    const auto &workloads = m_spec->workloads;
    for (qsizetype i = 0; i < m_spec->rules.size(); ++i) {
        const QString &name = m_spec->rules[i].workload;
        const bool known = name.isEmpty() || std::any_of(workloads.cbegin(), workloads.cend(),
                                                         [&name](const WorkloadSpec &w) { return w.name == name; });
        if (!known)
            problems << tr("rules[%1].workload: expected the name of a workload of this profile, found \"%2\"")
                            .arg(i)
                            .arg(name);
    }
    return problems;
}

void ProfileDocument::setScenariosMenu(QMenu *menu)
{
    const QDir dir(QStringLiteral(":/profiles"));
    for (const QString &file : dir.entryList({QStringLiteral("scenario-*.json")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(file);
        const auto loaded = ProfileLoader::loadFile(path);
        QAction *a = menu->addAction(loaded.ok() ? loaded.spec->name : file);
        if (loaded.ok())
            a->setToolTip(loaded.spec->description);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                open(path);
        });
    }
}

void ProfileDocument::rememberRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kRecentCount)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    rememberDirectory(path);
    fillRecentMenu();
}

void ProfileDocument::fillRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent) {
        QAction *a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                open(path);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace coroscope
