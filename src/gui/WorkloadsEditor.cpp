#include "gui/WorkloadsEditor.h"

#include "gui/JsonFormBinder.h"
#include "workloads/WorkloadRegistry.h"

#include "ui_EchoEditor.h"
#include "ui_HttpFanoutEditor.h"
#include "ui_QueueEditor.h"
#include "ui_SleepEditor.h"
#include "ui_WebSocketEditor.h"
#include "ui_WorkloadsEditor.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QMenu>
#include <QScrollBar>
#include <QSet>
#include <QStyle>

namespace coroscope {

namespace {

template<typename Form> QWidget *makePage()
{
    auto *page = new QWidget;
    Form form;
    form.setupUi(page);
    return page;
}

// What a new workload of each type starts with: the documented defaults, plus what has none.
QJsonObject starterParams(const QString &type)
{
    if (type == QLatin1String("http-fanout"))
        return {{QStringLiteral("url"), QStringLiteral("builtin:/delay?min_ms=10&max_ms=50")}};
    return {};
}

void tint(QWidget *w, bool invalid)
{
    QPalette p = w->parentWidget() ? w->parentWidget()->palette() : QPalette();
    if (invalid)
        p.setColor(QPalette::Base, QColor(255, 214, 214));
    w->setPalette(p);
    w->setProperty("invalid", invalid);
}

} // namespace

// Fields that only some choices use (`jsonWhen`: "work.kind=http|postgres") are enabled, with their
// labels, only while the combo box of that key shows one of them: a key the run would not read
// cannot be typed in.
void WorkloadsEditor::enableByChoice(QWidget *page, JsonFormBinder *binder)
{
    for (QWidget *w : page->findChildren<QWidget *>()) {
        const QString when = w->property("jsonWhen").toString();
        if (when.isEmpty())
            continue;
        auto *choice = qobject_cast<QComboBox *>(binder->widget(when.section(u'=', 0, 0)));
        if (!choice)
            continue;
        const QStringList values = when.section(u'=', 1).split(u'|');
        auto *form = w->parentWidget() ? qobject_cast<QFormLayout *>(w->parentWidget()->layout()) : nullptr;
        QWidget *label = form ? form->labelForField(w) : nullptr;
        const auto apply = [w, label, choice, values] {
            const bool used = values.contains(choice->currentText());
            w->setEnabled(used);
            if (label)
                label->setEnabled(used);
        };
        connect(choice, &QComboBox::currentTextChanged, w, apply);
        apply();
    }
}

WorkloadsEditor::WorkloadsEditor(QWidget *parent) : QWidget(parent), ui(std::make_unique<Ui::WorkloadsEditor>())
{
    ui->setupUi(this);
    const std::pair<QString, QWidget *> pages[] = {
        {QStringLiteral("sleep"), makePage<Ui::SleepEditor>()},
        {QStringLiteral("http-fanout"), makePage<Ui::HttpFanoutEditor>()},
        {QStringLiteral("echo"), makePage<Ui::EchoEditor>()},
        {QStringLiteral("queue"), makePage<Ui::QueueEditor>()},
        {QStringLiteral("websocket"), makePage<Ui::WebSocketEditor>()},
    };
    for (const auto &[type, page] : pages) {
        ui->pages->addWidget(page);
        m_pages.insert(type, page);
        auto *binder = new JsonFormBinder(page, this);
        m_binders.insert(type, binder);
        connect(binder, &JsonFormBinder::edited, this, &WorkloadsEditor::onFormEdited);
        enableByChoice(page, binder);
    }

    auto *addMenu = new QMenu(ui->addButton);
    for (const QString &type : WorkloadRegistry::availableTypes())
        addMenu->addAction(type, this, [this, type] { addWorkload(type); });
    ui->addButton->setMenu(addMenu);
    connect(ui->duplicateButton, &QToolButton::clicked, this, &WorkloadsEditor::duplicateCurrent);
    connect(ui->removeButton, &QToolButton::clicked, this, &WorkloadsEditor::removeCurrent);

    auto *duplicate = new QAction(tr("D&uplicate"), ui->workloadList);
    connect(duplicate, &QAction::triggered, this, &WorkloadsEditor::duplicateCurrent);
    auto *rename = new QAction(tr("&Rename"), ui->workloadList);
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    rename->setShortcutContext(Qt::WidgetShortcut);
    connect(rename, &QAction::triggered, this, [this] {
        if (QListWidgetItem *item = ui->workloadList->currentItem())
            ui->workloadList->editItem(item);
    });
    auto *remove = new QAction(tr("Re&move"), ui->workloadList);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &WorkloadsEditor::removeCurrent);
    ui->workloadList->addActions({rename, duplicate, remove});

    connect(ui->workloadList, &QListWidget::currentRowChanged, this, [this] {
        if (m_updating)
            return;
        showCurrent();
        Q_EMIT currentWorkloadChanged(currentName());
    });
    connect(ui->workloadList, &QListWidget::itemChanged, this, &WorkloadsEditor::onItemChanged);
    connect(ui->nameEdit, &QLineEdit::textEdited, this, &WorkloadsEditor::onNameEdited);
    connect(ui->nameEdit, &QLineEdit::editingFinished, this, &WorkloadsEditor::commitRename);
    connect(ui->startAfterSpin, &QSpinBox::valueChanged, this, [this](int ms) {
        const int i = currentIndex();
        if (m_updating || i < 0 || m_workloads[size_t(i)].startAfterMs == ms)
            return;
        m_workloads[size_t(i)].startAfterMs = ms;
        Q_EMIT changed();
    });
    ui->splitter->setStretchFactor(1, 1);
    showCurrent();
}

WorkloadsEditor::~WorkloadsEditor() = default;

void WorkloadsEditor::setWorkloads(const std::vector<WorkloadSpec> &workloads)
{
    // A new profile: a rename still being typed belonged to the old one.
    m_committedIndex = -1;
    m_workloads = workloads;
    rebuildList();
    setCurrentIndex(m_workloads.empty() ? -1 : 0);
    validate();
}

int WorkloadsEditor::currentIndex() const
{
    return ui->workloadList->currentRow();
}

void WorkloadsEditor::setCurrentIndex(int index)
{
    ui->workloadList->setCurrentRow(index);
    showCurrent();
}

QString WorkloadsEditor::currentName() const
{
    const int i = currentIndex();
    return i < 0 ? QString() : m_workloads[size_t(i)].name;
}

QSplitter *WorkloadsEditor::splitter() const
{
    return ui->splitter;
}

QListWidget *WorkloadsEditor::list() const
{
    return ui->workloadList;
}

QWidget *WorkloadsEditor::field(const QString &key) const
{
    const int i = currentIndex();
    if (i < 0)
        return nullptr;
    if (key == QLatin1String("name"))
        return ui->nameEdit;
    if (key == QLatin1String("startAfterMs"))
        return ui->startAfterSpin;
    const JsonFormBinder *binder = binderFor(m_workloads[size_t(i)].type);
    return binder ? binder->widget(key) : nullptr;
}

JsonFormBinder *WorkloadsEditor::binderFor(const QString &type) const
{
    return m_binders.value(type);
}

void WorkloadsEditor::rebuildList()
{
    m_updating = true;
    const int row = currentIndex();
    ui->workloadList->clear();
    const bool editable = m_editable;
    for (const WorkloadSpec &w : m_workloads) {
        auto *item = new QListWidgetItem(w.name, ui->workloadList);
        Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
        if (editable)
            flags |= Qt::ItemIsUserCheckable | Qt::ItemIsEditable;
        item->setFlags(flags);
        item->setCheckState(w.enabled ? Qt::Checked : Qt::Unchecked);
    }
    ui->workloadList->setCurrentRow(std::min(row, int(m_workloads.size()) - 1));
    m_updating = false;
}

void WorkloadsEditor::commitRename()
{
    // Rules follow a rename once it is committed, not at every keystroke: typing "ab" -> "ac" must
    // not pass the rules of a workload called "a" along on the way.
    if (m_committedIndex < 0 || m_committedIndex >= int(m_workloads.size()))
        return;
    const QString name = m_workloads[size_t(m_committedIndex)].name;
    if (name == m_committedName)
        return;
    const QString before = std::exchange(m_committedName, name);
    Q_EMIT renamed(before, name);
}

void WorkloadsEditor::showCurrent()
{
    commitRename();
    const int i = currentIndex();
    m_committedIndex = i;
    m_committedName = i >= 0 && i < int(m_workloads.size()) ? m_workloads[size_t(i)].name : QString();
    const bool has = i >= 0 && i < int(m_workloads.size());
    ui->scrollContents->setVisible(has);
    ui->duplicateButton->setEnabled(has && m_editable);
    ui->removeButton->setEnabled(has && m_editable);
    if (!has)
        return;
    const WorkloadSpec &w = m_workloads[size_t(i)];
    m_updating = true;
    ui->nameEdit->setText(w.name);
    ui->typeLabel->setText(w.type);
    ui->startAfterSpin->setValue(w.startAfterMs);
    m_updating = false;
    // The stack takes the current page's height, not the tallest page's.
    for (QWidget *page : std::as_const(m_pages))
        page->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    if (QWidget *page = m_pages.value(w.type)) {
        page->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        ui->pages->setCurrentWidget(page);
        ui->pages->setVisible(true);
        m_binders.value(w.type)->load(w.params);
        // The forms scroll up and down, never sideways: the dock cannot get narrower than a form.
        const int needed =
            ui->scrollContents->minimumSizeHint().width() + ui->scrollArea->verticalScrollBar()->sizeHint().width();
        // Set on the editor itself: a dock sizes itself by its widget's minimum size.
        const QMargins margins = layout()->contentsMargins();
        setMinimumWidth(std::max(minimumWidth(), needed + margins.left() + margins.right()));
    } else {
        ui->pages->setVisible(false);
    }
    validate();
}

void WorkloadsEditor::onFormEdited()
{
    const int i = currentIndex();
    if (i < 0)
        return;
    WorkloadSpec &w = m_workloads[size_t(i)];
    w.params = binderFor(w.type)->object();
    validate();
    Q_EMIT changed();
}

void WorkloadsEditor::onItemChanged(QListWidgetItem *item)
{
    if (m_updating)
        return;
    const int i = ui->workloadList->row(item);
    if (i < 0 || i >= int(m_workloads.size()))
        return;
    WorkloadSpec &w = m_workloads[size_t(i)];
    const bool enabled = item->checkState() == Qt::Checked;
    const QString name = item->text().trimmed();
    if (w.enabled == enabled && w.name == name)
        return;
    const QString before = w.name;
    w.enabled = enabled;
    w.name = name;
    if (i == currentIndex() && ui->nameEdit->text() != name)
        ui->nameEdit->setText(name);
    validate();
    if (before != name) {
        // An edit in the list is committed when it ends.
        if (i == m_committedIndex)
            m_committedName = name;
        Q_EMIT renamed(before, name);
        if (i == currentIndex())
            Q_EMIT currentWorkloadChanged(name);
    }
    Q_EMIT changed();
}

void WorkloadsEditor::onNameEdited()
{
    const int i = currentIndex();
    if (i < 0)
        return;
    const QString name = ui->nameEdit->text().trimmed();
    WorkloadSpec &w = m_workloads[size_t(i)];
    if (w.name == name)
        return;
    w.name = name;
    m_updating = true;
    ui->workloadList->item(i)->setText(name);
    m_updating = false;
    validate();
    Q_EMIT currentWorkloadChanged(name);
    Q_EMIT changed();
}

QString WorkloadsEditor::uniqueName(const QString &base) const
{
    QSet<QString> taken;
    for (const WorkloadSpec &w : m_workloads)
        taken.insert(w.name);
    QString name = base;
    for (int n = 2; taken.contains(name); ++n)
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    return name;
}

void WorkloadsEditor::addWorkload(const QString &type)
{
    endRename();
    WorkloadSpec w;
    w.type = type;
    w.name = uniqueName(type);
    w.params = starterParams(type);
    w.baseDir = m_workloads.empty() ? QString() : m_workloads.front().baseDir; // the profile's folder (dataFile)
    m_workloads.push_back(std::move(w));
    listChanged(int(m_workloads.size()) - 1);
}

void WorkloadsEditor::duplicateCurrent()
{
    endRename();
    const int i = currentIndex();
    if (i < 0)
        return;
    WorkloadSpec copy = m_workloads[size_t(i)];
    copy.name = uniqueName(copy.name + QStringLiteral("-copy"));
    m_workloads.insert(m_workloads.begin() + i + 1, std::move(copy));
    listChanged(i + 1);
}

void WorkloadsEditor::removeCurrent()
{
    endRename();
    const int i = currentIndex();
    if (i < 0)
        return;
    m_workloads.erase(m_workloads.begin() + i);
    listChanged(std::min(i, int(m_workloads.size()) - 1));
}

void WorkloadsEditor::endRename()
{
    // Before the list changes shape: a rename being typed is committed under its old position.
    commitRename();
    m_committedIndex = -1;
}

void WorkloadsEditor::listChanged(int current)
{
    rebuildList();
    setCurrentIndex(current);
    validate();
    Q_EMIT changed();
    Q_EMIT currentWorkloadChanged(currentName());
}

void WorkloadsEditor::setEditable(bool editable)
{
    if (m_editable == editable)
        return;
    m_editable = editable;
    ui->addButton->setEnabled(editable);
    ui->scrollContents->setEnabled(editable);
    for (QAction *a : ui->workloadList->actions())
        a->setEnabled(editable);
    rebuildList();
    showCurrent();
}

void WorkloadsEditor::validate()
{
    QList<JsonIssue> issues;
    QSet<QString> names;
    bool anyEnabled = false;
    QList<int> owners; // the workload of each issue
    for (size_t i = 0; i < m_workloads.size(); ++i) {
        WorkloadSpec &w = m_workloads[i];
        w.jsonPath = QStringLiteral("workloads[%1]").arg(i);
        QList<JsonIssue> found;
        if (w.name.isEmpty())
            found << JsonIssue{w.jsonPath + QStringLiteral(".name"), tr("expected a name, found none")};
        else if (names.contains(w.name))
            found << JsonIssue{w.jsonPath + QStringLiteral(".name"),
                               tr("expected a name no other workload has, found \"%1\" again").arg(w.name)};
        names.insert(w.name);
        WorkloadRegistry::validate(w, &found); // checked, not built: this runs on every keystroke
        if (int(i) == currentIndex()) {
            const QHash<QString, QString> parse =
                binderFor(w.type) ? binderFor(w.type)->parseProblems() : QHash<QString, QString>();
            for (auto it = parse.cbegin(); it != parse.cend(); ++it)
                found << JsonIssue{w.jsonPath + u'.' + it.key(), it.value()};
        }
        for (const JsonIssue &issue : std::as_const(found)) {
            if (!issue.warning) {
                issues << issue;
                owners << int(i);
            }
        }
        anyEnabled = anyEnabled || w.enabled;
    }

    // What the profile loader would refuse: any name problem, and the keys of enabled workloads (a
    // disabled workload is kept as it is and not validated, as when a profile is opened).
    m_problems.clear();
    QHash<int, QStringList> byWorkload;
    for (qsizetype k = 0; k < issues.size(); ++k) {
        byWorkload[owners[k]] << issues[k].toString();
        if (m_workloads[size_t(owners[k])].enabled || issues[k].path.endsWith(QLatin1String(".name")))
            m_problems << issues[k].toString();
    }
    m_anyEnabled = anyEnabled;

    // The list marks every workload that has a problem, with the problems as its tooltip.
    m_updating = true;
    for (int i = 0; i < ui->workloadList->count(); ++i) {
        QListWidgetItem *item = ui->workloadList->item(i);
        const QStringList problems = byWorkload.value(i);
        item->setIcon(problems.isEmpty() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setToolTip(problems.join(u'\n'));
    }
    m_updating = false;

    // The current page marks the fields the problems point at.
    const int current = currentIndex();
    if (current >= 0) {
        const WorkloadSpec &w = m_workloads[size_t(current)];
        QHash<QString, QString> byKey;
        bool nameInvalid = false;
        const QString prefix = w.jsonPath + u'.';
        for (qsizetype k = 0; k < issues.size(); ++k) {
            if (owners[k] != current || !issues[k].path.startsWith(prefix))
                continue;
            const QString relative = issues[k].path.mid(prefix.size());
            if (relative == QLatin1String("name")) {
                nameInvalid = true;
                continue;
            }
            if (JsonFormBinder *binder = binderFor(w.type)) {
                const QString key = binder->keyFor(relative);
                if (!key.isEmpty() && !byKey.contains(key))
                    byKey.insert(key, issues[k].message);
            }
        }
        if (JsonFormBinder *binder = binderFor(w.type))
            binder->setProblems(byKey);
        tint(ui->nameEdit, nameInvalid);
        const QStringList problems = byWorkload.value(current);
        ui->problemLabel->setVisible(!problems.isEmpty());
        ui->problemLabel->setText(problems.join(u'\n'));
        ui->problemLabel->setStyleSheet(QStringLiteral("color: #b00000"));
    }
    Q_EMIT problemsChanged();
}

} // namespace coroscope
