// The workloads editor in the main window, offscreen: fields validated as you type, Start blocked
// with the reason, list operations, and edits that survive a save.
#include "gui/MainWindow.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "workloads/WorkloadRegistry.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
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

private:
    static RunSpec spec(const QByteArray &json)
    {
        const auto loaded = ProfileLoader::parse(json, QStringLiteral("test.json"));
        return *loaded.spec;
    }
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
    w.setRunSpec(
        spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1}]})"));
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
    w.setRunSpec(
        spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1000}]})"));
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
    w.setRunSpec(spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","concurrency":-1}]})"));
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
    w.setRunSpec(
        spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":3,"delayMs":1}]})"));
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
    w.setRunSpec(spec(R"({"schemaVersion":1,"name":"e","workloads":[
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
    w.setRunSpec(spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s"}]})"));
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
            if (key.isEmpty() || editor->field(key) != field)
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
        QVERIFY(WorkloadRegistry::create(edited, &issues) != nullptr);
        for (const JsonIssue &i : issues)
            QVERIFY2(!i.warning, qPrintable(type + QStringLiteral(": ") + i.toString()));
        QVERIFY(edited.params.size() > before.size());
    }
}

void TestWorkloadsEditor::editorIsReadOnlyWhileRunning()
{
    MainWindow w;
    w.setRunSpec(
        spec(R"({"schemaVersion":1,"name":"e","workloads":[{"type":"sleep","name":"s","tasks":5,"delayMs":60000}]})"));
    w.show();
    w.startRun();
    QVERIFY(w.isRunning());
    QVERIFY(!w.workloadsEditor()->field(QStringLiteral("tasks"))->isEnabled());
    QVERIFY(!(w.workloadsEditor()->list()->item(0)->flags() & Qt::ItemIsUserCheckable));
    w.cancelAll();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 5000);
    QVERIFY(w.workloadsEditor()->field(QStringLiteral("tasks"))->isEnabled());
}

QTEST_MAIN(TestWorkloadsEditor)
#include "tst_workloads_editor.moc"
