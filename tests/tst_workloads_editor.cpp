// The workloads editor in the main window, offscreen: fields validated as you type, Start blocked
// with the reason, list operations, and edits that survive a save.
#include "gui/MainWindow.h"
#include "gui/ProfileDocument.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "support/ProfileJson.h"
#include "workloads/WorkloadRegistry.h"

#include "support/DataRows.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

class TestWorkloadsEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void outOfRangeValueBlocksStartWithTheReason();
    void distributionTextIsCheckedAsYouType();
    void aValueTheFieldCannotShowIsWrittenWhenConfirmed();
    void addDuplicateRenameDisableRemove();
    void renamingAWorkloadCarriesItsRules();
    void editsAreSavedAndUnknownKeysKept();
    void everyPageBindsOnlyDocumentedKeys();
    void editorIsReadOnlyWhileRunning();
    void everyDocumentedKeyHasAField();
    void workKindEnablesItsOwnFields();
    void intakeIsAnOptionalObject();
    void urlFieldShowsItsStart();
    void uniformWithoutMaxIsRefused();
    void saveAsProposesASafeFileName_data();
    void saveAsProposesASafeFileName();

private:
    // Replaces a field's text as a user does: select all, type.
    static void retype(QWidget *field, const QString &text)
    {
        QWidget *target = field;
        if (auto *spin = qobject_cast<QAbstractSpinBox *>(field))
            target = spin->findChild<QLineEdit *>();
        target->setFocus();
        QTest::keyClick(target, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(target, text);
    }
};

void TestWorkloadsEditor::outOfRangeValueBlocksStartWithTheReason()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1}]})"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(start->isEnabled());
    QWidget *tasks = w.workloadsEditor()->field(QStringLiteral("tasks"));
    QVERIFY(qobject_cast<QSpinBox *>(tasks));

    retype(tasks, QStringLiteral("0"));
    QCOMPARE(qobject_cast<QSpinBox *>(tasks)->value(), 0);
    QVERIFY(!start->isEnabled());
    QVERIFY(tasks->property("invalid").toBool());
    QVERIFY2(start->toolTip().contains(
                 QStringLiteral("workloads[0].tasks: expected an integer from 1 to 10000000, found 0")),
             qPrintable(start->toolTip()));
    QVERIFY(tasks->toolTip().contains(QStringLiteral("from 1 to 10000000")));
    QVERIFY(w.isWindowModified());
    w.startRun(); // the menu action and F5 are refused as well
    QVERIFY(!w.isRunning());
    // The list marks the workload too.
    QVERIFY(!w.workloadsEditor()->list()->item(0)->icon().isNull());

    retype(tasks, QStringLiteral("5"));
    QVERIFY(start->isEnabled());
    QVERIFY(!tasks->property("invalid").toBool());
    QCOMPARE(w.runSpec()->workloads[0].params.value(QStringLiteral("tasks")).toInt(), 5);
    QVERIFY(w.workloadsEditor()->list()->item(0)->icon().isNull());
}

void TestWorkloadsEditor::distributionTextIsCheckedAsYouType()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1000}]})"));
    w.show();
    auto *delay = qobject_cast<QLineEdit *>(w.workloadsEditor()->field(QStringLiteral("delayMs")));
    QVERIFY(delay);
    QCOMPARE(delay->text(), QStringLiteral("1000"));
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));

    retype(delay, QStringLiteral(R"({"dist": "uniform", "min": 5)"));
    QVERIFY(!start->isEnabled());
    QVERIFY(delay->property("invalid").toBool());
    QVERIFY2(start->toolTip().contains(QStringLiteral("workloads[0].delayMs: expected a number or JSON text")),
             qPrintable(start->toolTip()));
    QTest::keyClicks(delay, QStringLiteral(", \"max\": 2}"));
    // Now JSON, but its max is below its min: the profile validator says so.
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains(
                 QStringLiteral("workloads[0].delayMs.max: expected a number not below min (5), found 2")),
             qPrintable(start->toolTip()));
    QVERIFY(delay->property("invalid").toBool());
    retype(delay, QStringLiteral(R"({"dist": "uniform", "min": 5, "max": 20})"));
    QVERIFY2(start->isEnabled(), qPrintable(start->toolTip()));
    QCOMPARE(w.runSpec()
                 ->workloads[0]
                 .params.value(QStringLiteral("delayMs"))
                 .toObject()
                 .value(QStringLiteral("max"))
                 .toInt(),
             20);
}

void TestWorkloadsEditor::aValueTheFieldCannotShowIsWrittenWhenConfirmed()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","concurrency":-1}]})"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *concurrency = qobject_cast<QSpinBox *>(w.workloadsEditor()->field(QStringLiteral("concurrency")));
    QCOMPARE(concurrency->value(), 0); // the spin box cannot show -1
    QVERIFY(concurrency->property("invalid").toBool());
    QVERIFY(!w.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());
    // Enter on what is shown writes it, though the value did not change.
    concurrency->setFocus();
    QTest::keyClick(concurrency, Qt::Key_Return);
    QCOMPARE(w.runSpec()->workloads[0].params.value(QStringLiteral("concurrency")).toInt(), 0);
    QVERIFY(!concurrency->property("invalid").toBool());
    QVERIFY(w.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());
}

void TestWorkloadsEditor::addDuplicateRenameDisableRemove()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1}]})"));
    w.show();
    WorkloadsEditor *editor = w.workloadsEditor();
    QListWidget *list = editor->list();
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));

    editor->addWorkload(QStringLiteral("http-fanout"));
    QCOMPARE(list->count(), 2);
    QCOMPARE(editor->currentName(), QStringLiteral("http-fanout"));
    QVERIFY2(start->isEnabled(), qPrintable(start->toolTip())); // a new workload starts out valid
    QCOMPARE(w.runSpec()->workloads.size(), size_t(2));
    QVERIFY(
        qobject_cast<QLineEdit *>(editor->field(QStringLiteral("url")))->text().startsWith(QStringLiteral("builtin:")));

    editor->duplicateCurrent();
    QCOMPARE(list->count(), 3);
    QCOMPARE(list->item(2)->text(), QStringLiteral("http-fanout-copy"));
    QCOMPARE(w.runSpec()->workloads[2].params, w.runSpec()->workloads[1].params);

    // Renaming to a name already taken is refused until it is unique again.
    auto *name = qobject_cast<QLineEdit *>(editor->field(QStringLiteral("name")));
    retype(name, QStringLiteral("s"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains(QStringLiteral("workloads[2].name: expected a name no other workload has")),
             qPrintable(start->toolTip()));
    QVERIFY(name->property("invalid").toBool());
    retype(name, QStringLiteral("mirror"));
    QVERIFY(start->isEnabled());
    QCOMPARE(list->item(2)->text(), QStringLiteral("mirror"));
    QCOMPARE(w.runSpec()->workloads[2].name, QStringLiteral("mirror"));

    // Unticking every workload leaves nothing to run.
    for (int i = 0; i < list->count(); ++i)
        list->item(i)->setCheckState(Qt::Unchecked);
    QVERIFY(!start->isEnabled());
    QVERIFY(start->toolTip().contains(QStringLiteral("at least one enabled workload")));
    QVERIFY(!w.runSpec()->workloads[0].enabled);
    list->item(0)->setCheckState(Qt::Checked);
    QVERIFY(start->isEnabled());

    // A disabled workload's problems do not block the run, but it is still marked.
    editor->setCurrentIndex(1);
    retype(editor->field(QStringLiteral("url")), QStringLiteral("gopher://x"));
    QVERIFY(start->isEnabled());
    QVERIFY(!list->item(1)->icon().isNull());

    editor->setCurrentIndex(2);
    editor->removeCurrent();
    editor->removeCurrent();
    QCOMPARE(list->count(), 1);
    QCOMPARE(w.runSpec()->workloads.size(), size_t(1));
    QCOMPARE(editor->currentName(), QStringLiteral("s"));
}

void TestWorkloadsEditor::renamingAWorkloadCarriesItsRules()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[
        {"type":"sleep","name":"a","tasks":3,"delayMs":1},{"type":"sleep","name":"ab","tasks":3,"delayMs":1}],
        "rules":[{"workload":"a","metric":"succeeded","op":">=","value":3},
                 {"workload":"ab","metric":"failed","op":"<","value":1}]})"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // "ab" -> "ac" passes through "a" while typing: the rules of the other workload "a" stay its own.
    w.workloadsEditor()->setCurrentIndex(1);
    QWidget *name = w.workloadsEditor()->field(QStringLiteral("name"));
    retype(name, QStringLiteral("a"));
    QCOMPARE(w.selectedWorkload(), QStringLiteral("a"));
    QVERIFY(!w.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled()); // two called "a"
    QTest::keyClicks(name, QStringLiteral("c"));
    QTest::keyClick(name, Qt::Key_Return); // committed
    QCOMPARE(w.runSpec()->rules.value(0).workload, QStringLiteral("a"));
    QCOMPARE(w.runSpec()->rules.value(1).workload, QStringLiteral("ac"));
    QCOMPARE(w.selectedWorkload(), QStringLiteral("ac"));
    QVERIFY(w.findChild<QPushButton *>(QStringLiteral("startButton"))->isEnabled());

    // Removing a workload leaves its rule naming nobody: Start and Save say so.
    w.workloadsEditor()->removeCurrent();
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains(QStringLiteral("rules[1].workload: expected the name of a workload of this "
                                                      "profile, found \"ac\"")),
             qPrintable(start->toolTip()));
    QTemporaryDir dir;
    QVERIFY(!w.saveProfileAs(dir.filePath(QStringLiteral("broken.json"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("broken.json"))));
    if (auto *box = w.findChild<QMessageBox *>(QStringLiteral("errorBox")))
        box->close();
}

void TestWorkloadsEditor::editsAreSavedAndUnknownKeysKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schemaVersion":1,"name":"keep","workloads":[
        {"type":"http-fanout","name":"api","url":"builtin:/","x-note":"mine","retries":{"max":1}},
        {"type":"queue","name":"q","items":10,"work":{"kind":"sleep","ms":3}}]})");
    f.close();
    MainWindow w;
    QVERIFY(w.openProfile(path));
    w.show();
    WorkloadsEditor *editor = w.workloadsEditor();
    retype(editor->field(QStringLiteral("retries.backoffMs")), QStringLiteral("250"));
    auto *engine = qobject_cast<QComboBox *>(editor->field(QStringLiteral("engine")));
    QVERIFY(engine);
    engine->setCurrentText(QStringLiteral("qnam"));
    editor->setCurrentIndex(1);
    auto *kind = qobject_cast<QComboBox *>(editor->field(QStringLiteral("work.kind")));
    QCOMPARE(kind->currentText(), QStringLiteral("sleep"));
    QCOMPARE(qobject_cast<QLineEdit *>(editor->field(QStringLiteral("work.ms")))->text(), QStringLiteral("3"));
    kind->setCurrentText(QStringLiteral("cpu"));
    QVERIFY(w.saveProfileAs(path));

    const auto saved = ProfileLoader::loadFile(path);
    QVERIFY(saved.ok());
    const QJsonObject api = saved.spec->workloads[0].params;
    QCOMPARE(api.value(QStringLiteral("x-note")).toString(), QStringLiteral("mine"));
    QCOMPARE(api.value(QStringLiteral("retries")).toObject().value(QStringLiteral("max")).toInt(), 1);
    QCOMPARE(api.value(QStringLiteral("retries")).toObject().value(QStringLiteral("backoffMs")).toInt(), 250);
    QCOMPARE(api.value(QStringLiteral("engine")).toString(), QStringLiteral("qnam"));
    // Keys nobody touched are not written with their defaults.
    QVERIFY(!api.contains(QStringLiteral("concurrency")));
    const QJsonObject q = saved.spec->workloads[1].params;
    QCOMPARE(q.value(QStringLiteral("work")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("cpu"));
    QCOMPARE(q.value(QStringLiteral("work")).toObject().value(QStringLiteral("ms")).toInt(), 3);
    QVERIFY(!q.contains(QStringLiteral("capacity")));
}

void TestWorkloadsEditor::everyPageBindsOnlyDocumentedKeys()
{
    // Each type's form, loaded with a workload that sets nothing, must validate as the defaults do:
    // a form default that differs from the documented one would show a value the run does not use.
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s"}]})"));
    WorkloadsEditor *editor = w.workloadsEditor();
    for (const QString &type :
         {QStringLiteral("sleep"), QStringLiteral("http-fanout"), QStringLiteral("echo"), QStringLiteral("queue")}) {
        editor->addWorkload(type);
        QVERIFY2(editor->problems().isEmpty(), qPrintable(editor->problems().join(u'\n')));
        // Touching every field writes what it shows; the result still validates, with no unknown key.
        WorkloadSpec edited = editor->workloads().back();
        const QJsonObject before = edited.params;
        for (QWidget *field : editor->findChildren<QWidget *>()) {
            const QString key = field->property("jsonKey").toString();
            // A field the current choices do not use is disabled: a user cannot touch it either.
            if (key.isEmpty() || editor->field(key) != field || !field->isEnabled())
                continue;
            if (auto *spin = qobject_cast<QSpinBox *>(field)) {
                spin->setValue(spin->value() + 1);
                spin->setValue(spin->value() - 1);
            } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(field)) {
                dspin->setValue(dspin->value() + 1);
                dspin->setValue(dspin->value() - 1);
            }
        }
        edited = editor->workloads().back();
        QList<JsonIssue> issues;
        QVERIFY(WorkloadRegistry::build(edited, &issues) != nullptr);
        for (const JsonIssue &i : issues)
            QVERIFY2(!i.warning, qPrintable(type + QStringLiteral(": ") + i.toString()));
        QVERIFY(edited.params.size() > before.size());
    }
}

void TestWorkloadsEditor::editorIsReadOnlyWhileRunning()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":5,"delayMs":60000}]})"));
    w.show();
    w.startRun();
    QVERIFY(w.isRunning());
    QVERIFY(!w.workloadsEditor()->field(QStringLiteral("tasks"))->isEnabled());
    QVERIFY(!(w.workloadsEditor()->list()->item(0)->flags() & Qt::ItemIsUserCheckable));
    w.cancelAll();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 5000);
    QVERIFY(w.workloadsEditor()->field(QStringLiteral("tasks"))->isEnabled());
}

void TestWorkloadsEditor::everyDocumentedKeyHasAField()
{
    // docs/profile-format.md lists every key of every type; each has a field in the editor.
    QFile doc(qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/docs/profile-format.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
    const QStringList lines = QString::fromUtf8(doc.readAll()).split(u'\n');
    const QRegularExpression section(QStringLiteral("^#+ (.*)$"));
    const QRegularExpression keyRow(QStringLiteral("^\\| `([A-Za-z.]+)` \\|"));
    QMap<QString, QStringList> keysByType;
    QString current;
    for (const QString &line : lines) {
        if (const auto m = section.match(line); m.hasMatch()) {
            const QString title = m.captured(1);
            // "Queue work `postgres`" documents more keys of the queue type.
            current = title == QLatin1String("Every workload")        ? QStringLiteral("*")
                      : title.startsWith(QLatin1String("Queue work")) ? QStringLiteral("queue")
                      : title.startsWith(u'`') && title.endsWith(u'`') && !title.contains(QLatin1String("rules")) &&
                              !title.contains(QLatin1String("run"))
                          ? title.mid(1, title.size() - 2)
                          : QString();
            continue;
        }
        if (const auto m = keyRow.match(line); m.hasMatch() && !current.isEmpty())
            keysByType[current] << m.captured(1);
    }
    QVERIFY(keysByType.value(QStringLiteral("queue")).contains(QStringLiteral("intake.connections")));
    QVERIFY(keysByType.value(QStringLiteral("*")).contains(QStringLiteral("startAfterMs")));
    QVERIFY(keysByType.value(QStringLiteral("queue")).contains(QStringLiteral("work.dsn")));
    QVERIFY(keysByType.value(QStringLiteral("queue")).contains(QStringLiteral("commandTimeoutMs")));
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s"}]})"));
    WorkloadsEditor *editor = w.workloadsEditor();
    for (const QString &type : WorkloadRegistry::availableTypes()) {
        QVERIFY2(keysByType.contains(type), qPrintable(type));
        editor->addWorkload(type);
        QStringList keys = keysByType.value(type) + keysByType.value(QStringLiteral("*"));
        // The type is fixed once added (shown as text); enabled is the list's check box.
        keys.removeAll(QStringLiteral("type"));
        keys.removeAll(QStringLiteral("enabled"));
        for (const QString &key : std::as_const(keys))
            QVERIFY2(editor->field(key), qPrintable(type + QStringLiteral(": ") + key));
    }
}

void TestWorkloadsEditor::workKindEnablesItsOwnFields()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"queue","name":"q"}]})"));
    WorkloadsEditor *editor = w.workloadsEditor();
    auto *kind = qobject_cast<QComboBox *>(editor->field(QStringLiteral("work.kind")));
    QVERIFY(kind);
    QWidget *dsn = editor->field(QStringLiteral("work.dsn"));
    QWidget *timeout = editor->field(QStringLiteral("work.timeoutMs"));
    QVERIFY(dsn && timeout);
    QCOMPARE(kind->currentText(), QStringLiteral("none"));
    QVERIFY(!dsn->isEnabled() && !timeout->isEnabled());
    kind->setCurrentText(QStringLiteral("postgres"));
    QVERIFY(dsn->isEnabled() && timeout->isEnabled());
    kind->setCurrentText(QStringLiteral("http"));
    QVERIFY(!dsn->isEnabled() && timeout->isEnabled());
}

void TestWorkloadsEditor::intakeIsAnOptionalObject()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"queue","name":"q"}]})"));
    w.show();
    auto *intake = qobject_cast<QGroupBox *>(w.workloadsEditor()->field(QStringLiteral("intake")));
    QVERIFY(intake);
    QVERIFY(!intake->isChecked());
    QVERIFY(!w.workloadsEditor()->field(QStringLiteral("intake.connections"))->isEnabled());
    intake->setChecked(true);
    auto params = [&w] { return w.runSpec()->workloads[0].params; };
    QCOMPARE(params().value(QStringLiteral("intake")).toObject(),
             (QJsonObject{{QStringLiteral("kind"), QStringLiteral("tcp")}}));
    retype(w.workloadsEditor()->field(QStringLiteral("intake.connections")), QStringLiteral("7"));
    QCOMPARE(params().value(QStringLiteral("intake")).toObject().value(QStringLiteral("connections")).toInt(), 7);
    QVERIFY2(w.profileProblems().isEmpty(), qPrintable(w.profileProblems().join(u'\n')));
    intake->setChecked(false);
    QVERIFY(!params().contains(QStringLiteral("intake")));
    // Loaded with an intake: the group shows it.
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"queue","name":"q",
        "intake":{"kind":"tcp","lineBytes":120}}]})"));
    QVERIFY(intake->isChecked());
    QCOMPARE(qobject_cast<QSpinBox *>(w.workloadsEditor()->field(QStringLiteral("intake.lineBytes")))->value(), 120);
}

void TestWorkloadsEditor::urlFieldShowsItsStart()
{
    MainWindow w;
    const QString url = QStringLiteral("http://127.0.0.1:8080/a/rather/long/path/that/does/not/fit/in/the/field/"
                                       "at/all?with=a&query=string&that=goes&on=and&on=and&on");
    w.setRunSpec(testing::specOf(QStringLiteral(R"({"schemaVersion":1,"name":"e","workloads":[
        {"type":"sleep","name":"s"},{"type":"http-fanout","name":"h","url":"%1"}]})")
                                     .arg(url)
                                     .toUtf8()));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.workloadsEditor()->setCurrentIndex(1);
    auto *field = qobject_cast<QLineEdit *>(w.workloadsEditor()->field(QStringLiteral("url")));
    QCOMPARE(field->text(), url);
    QCOMPARE(field->cursorPosition(), 0); // "http://127..." in view, not the query's tail
}

void TestWorkloadsEditor::uniformWithoutMaxIsRefused()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1000}]})"));
    w.show();
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    QWidget *delay = w.workloadsEditor()->field(QStringLiteral("delayMs"));
    // As you type: Start says why.
    retype(delay, QStringLiteral(R"({"dist": "uniform", "min": 5})"));
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains(QStringLiteral(
                 "workloads[0].delayMs.max: expected a number (a uniform distribution needs max), found nothing")),
             qPrintable(start->toolTip()));
    QVERIFY(delay->property("invalid").toBool());
    // At load: the file is refused with the same words.
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("nomax.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        R"({"schemaVersion":1,"name":"nomax","workloads":[{"type":"sleep","delayMs":{"dist":"uniform","min":5}}]})");
    f.close();
    QVERIFY(!w.openProfile(f.fileName()));
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("delayMs.max: expected a number")), qPrintable(box->text()));
    box->close();
}

void TestWorkloadsEditor::saveAsProposesASafeFileName_data()
{
    testing::DataRows<QString, QString>("name", "file")
        .row("scenario", QStringLiteral("Scenario 1: sequential vs gather vs wait(FIRST_COMPLETED)"),
             QStringLiteral("Scenario-1-sequential-vs-gather-vs-wait-FIRST_COMPLETED.json"))
        .row("slashes", QStringLiteral("../etc/passwd"), QStringLiteral("etc-passwd.json"))
        .row("plain", QStringLiteral("api-load"), QStringLiteral("api-load.json"))
        .row("cjk kept", QStringLiteral("压力 测试"), QStringLiteral("压力-测试.json"))
        .row("nothing left", QStringLiteral(" ?*: "), QStringLiteral("profile.json"))
        .row("windows", QStringLiteral("a<b>c|d\\e\"f"), QStringLiteral("a-b-c-d-e-f.json"));
}

void TestWorkloadsEditor::saveAsProposesASafeFileName()
{
    QFETCH(QString, name);
    QFETCH(QString, file);
    QCOMPARE(ProfileDocument::suggestedFileName(name), file);
}

QTEST_MAIN(TestWorkloadsEditor)
#include "tst_workloads_editor.moc"
