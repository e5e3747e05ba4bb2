#pragma once

#include "core/JsonReader.h"
#include "core/RunSpec.h"

#include <QHash>
#include <QWidget>

#include <memory>
#include <vector>

class QListWidget;
class QListWidgetItem;
class QSplitter;

namespace Ui {
class WorkloadsEditor;
}

namespace coroscope {

class JsonFormBinder;

// The profile's workloads: a list (tick to enable, edit to rename, add by type, duplicate, remove)
// beside an editor page per workload type built from its .ui form. Every edit is validated as you
// type by the same code that validates a loaded profile, so the marks and messages here are the
// ones the headless runner would print.
class WorkloadsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit WorkloadsEditor(QWidget *parent = nullptr);
    ~WorkloadsEditor() override;

    void setWorkloads(const std::vector<WorkloadSpec> &workloads);
    const std::vector<WorkloadSpec> &workloads() const { return m_workloads; }
    // What a profile loader would refuse ("workloads[1].tasks: expected ..."); empty when none.
    QStringList problems() const { return m_problems; }
    bool hasEnabledWorkload() const { return m_anyEnabled; }

    int currentIndex() const;
    void setCurrentIndex(int index);
    QString currentName() const;

    void addWorkload(const QString &type);
    void duplicateCurrent();
    void removeCurrent();
    void setEditable(bool editable);

    QSplitter *splitter() const;
    QListWidget *list() const;
    // The current page's widget for a JSON key, e.g. "retries.max" (tests and focus).
    QWidget *field(const QString &key) const;

Q_SIGNALS:
    void changed();
    // A committed rename (the name field or a list item finished editing, or another workload chosen).
    void renamed(const QString &from, const QString &to);
    void currentWorkloadChanged(const QString &name);
    void problemsChanged();

private:
    void enableByChoice(QWidget *page, JsonFormBinder *binder);
    void rebuildList();
    void showCurrent();
    void onFormEdited();
    void onItemChanged(QListWidgetItem *item);
    void onNameEdited();
    void commitRename();
    void endRename();
    void listChanged(int current);
    void validate();
    JsonFormBinder *binderFor(const QString &type) const;
    QString uniqueName(const QString &base) const;

    std::unique_ptr<Ui::WorkloadsEditor> ui;
    QHash<QString, JsonFormBinder *> m_binders; // by workload type
    QHash<QString, QWidget *> m_pages;
    std::vector<WorkloadSpec> m_workloads;
    QStringList m_problems;
    QList<JsonIssue> m_issues;
    bool m_updating = false;
    bool m_editable = true;
    bool m_anyEnabled = false;
    int m_committedIndex = -1; // the workload whose name m_committedName is, as rules know it
    QString m_committedName;
};

} // namespace coroscope
