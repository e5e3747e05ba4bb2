#pragma once

#include "core/PassFailRule.h"
#include "core/RunSpec.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

class QMenu;
class QMimeData;
class QWidget;

namespace coroscope {

// The profile the window edits, and the only owner of its JSON: open (validated first, the current
// one kept when it is refused), new, save, save as, recent files, the modified state, a dropped
// file. Dialogs open over `window`; the window reacts to loaded() and modifiedChanged().
class ProfileDocument : public QObject
{
    Q_OBJECT
public:
    explicit ProfileDocument(QWidget *window);

    // The one place the directory of the last file dialog is remembered (profiles, reports, PNGs).
    static QString lastDirectory();
    static void rememberDirectory(const QString &fileOrDirectory);
    // "api load (v2)" -> "api-load-v2.json": what Save As proposes for a profile of that name.
    static QString suggestedFileName(const QString &profileName);

    bool hasSpec() const { return m_spec.has_value(); }
    const std::optional<RunSpec> &spec() const { return m_spec; }
    // Where the profile was loaded from or saved to; empty for bundled and new ones.
    QString path() const { return m_path; }
    bool isModified() const { return m_modified; }
    QStringList recentFiles() const;

    // While locked (a run in progress) opening another profile is refused with a message.
    void setLocked(bool locked) { m_locked = locked; }
    // What would make the profile refuse to open again; Save refuses while it is not empty.
    void setProblemsCheck(std::function<QStringList()> check) { m_problems = std::move(check); }
    // Keeps `menu` listing the recent files.
    void setRecentMenu(QMenu *menu);
    // Fills `menu` with the bundled scenarios (each opens after asking about unsaved changes).
    void setScenariosMenu(QMenu *menu);

    // Loads a profile file; on error shows the message and keeps the current profile.
    bool open(const QString &path);
    // Uses an already validated spec (e.g. the bundled default), not modified.
    void setSpec(const RunSpec &spec);
    // Asks for a file (after asking about unsaved changes) and opens it.
    void chooseAndOpen();
    // One local file dropped on the window is opened as a profile.
    bool openDropped(const QMimeData *mime);
    void newProfile();
    bool save();
    bool saveAs();
    bool saveTo(const QString &path);
    // Asks what to do with unsaved changes; false when the user cancels.
    bool maybeSave();

    void setWorkloads(const std::vector<WorkloadSpec> &workloads);
    void setRules(const QList<PassFailRule> &rules);
    void setModified(bool modified);
    // Rules follow a renamed workload, unless another workload still has the old name; true if any did.
    bool renameWorkloadInRules(const QString &from, const QString &to);
    // Rules naming a workload the profile does not have (one line each, with the JSON path).
    QStringList ruleProblems() const;

Q_SIGNALS:
    // Another profile replaced the one shown (opened, new, or set).
    void loaded();
    void modifiedChanged(bool modified);
    void errorOccurred(const QString &title, const QString &text);

private:
    void load(const RunSpec &spec, const QString &path);
    void rememberRecent(const QString &path);
    void fillRecentMenu();

    QWidget *m_window;
    std::optional<RunSpec> m_spec;
    QString m_path;
    bool m_modified = false;
    bool m_locked = false;
    std::function<QStringList()> m_problems;
    QPointer<QMenu> m_recentMenu;
};

} // namespace coroscope
