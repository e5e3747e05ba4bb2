#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QVariant>

class QWidget;

namespace coroscope {

// Binds the widgets of a form (a page built from a .ui file) to the keys of a JSON object: each
// widget with a "jsonKey" property (a dotted path such as "retries.max") shows that key and writes
// it back when the user edits it. Keys without a widget are left untouched, and a key the profile
// does not have is only written once its widget is edited, so loading and saving keep the document.
//
// Widgets: QSpinBox (integer), QDoubleSpinBox (number; integer when it has no decimals), QCheckBox
// (boolean), QComboBox (its text), QLineEdit (a string, or with "jsonValue" = "any" a number or
// JSON text such as a distribution; empty removes the key), a checkable QGroupBox (an optional
// object: checked adds "jsonWhenChecked", unchecked removes the key; its fields are "key.sub").
class JsonFormBinder : public QObject
{
    Q_OBJECT
public:
    explicit JsonFormBinder(QWidget *form, QObject *parent = nullptr);

    // Shows `object` (defaults from the form for keys it lacks) without emitting edited().
    void load(const QJsonObject &object);
    QJsonObject object() const { return m_object; }

    // The bound key a JSON path points into ("delayMs" for "delayMs.values[1]"), or empty.
    QString keyFor(const QString &relativePath) const;
    QStringList keys() const { return m_widgets.keys(); }
    QWidget *widget(const QString &key) const { return m_widgets.value(key); }

    // Marks widgets as invalid with the reason as tooltip; an empty map clears every mark.
    void setProblems(const QHash<QString, QString> &problemsByKey);
    // Problems the form itself finds (text that is not JSON), keyed by JSON key.
    QHash<QString, QString> parseProblems() const { return m_parseProblems; }

Q_SIGNALS:
    void edited();

private:
    void connectWidget(QWidget *w, const QString &key);
    void onWidgetEdited(const QString &key);
    void show(QWidget *w, const QJsonValue &value);
    QJsonValue read(QWidget *w, const QString &key);
    void remember(QWidget *w, const QString &key);

    QHash<QString, QWidget *> m_widgets;
    QHash<QString, QVariant> m_defaults;
    QHash<QString, QString> m_toolTips;
    QHash<QString, QString> m_parseProblems;
    QHash<QString, QString> m_addedItems; // combo values shown for the loaded object only
    QJsonObject m_object;
    bool m_loading = false;
};

} // namespace coroscope
