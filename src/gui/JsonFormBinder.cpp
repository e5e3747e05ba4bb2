#include "gui/JsonFormBinder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSpinBox>
#include <QWidget>

#include <cmath>

namespace coroscope {

namespace {

QJsonValue valueAt(const QJsonObject &object, const QString &dottedKey)
{
    const QStringList parts = dottedKey.split(u'.');
    QJsonValue v = object;
    for (const QString &p : parts) {
        if (!v.isObject())
            return QJsonValue::Undefined;
        v = v.toObject().value(p);
    }
    return v;
}

// Sets (or with an undefined value removes) a dotted key, creating the objects on the way.
void setValueAt(QJsonObject &object, QStringList parts, const QJsonValue &value)
{
    const QString head = parts.takeFirst();
    if (parts.isEmpty()) {
        if (value.isUndefined())
            object.remove(head);
        else
            object.insert(head, value);
        return;
    }
    QJsonObject child = object.value(head).toObject();
    setValueAt(child, parts, value);
    if (child.isEmpty() && value.isUndefined())
        object.remove(head);
    else
        object.insert(head, child);
}

QString jsonText(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

} // namespace

JsonFormBinder::JsonFormBinder(QWidget *form, QObject *parent) : QObject(parent)
{
    const QList<QWidget *> children = form->findChildren<QWidget *>();
    for (QWidget *w : children) {
        const QString key = w->property("jsonKey").toString();
        if (key.isEmpty())
            continue;
        m_widgets.insert(key, w);
        m_toolTips.insert(key, w->toolTip());
        remember(w, key);
        connectWidget(w, key);
    }
}

void JsonFormBinder::remember(QWidget *w, const QString &key)
{
    if (auto *s = qobject_cast<QSpinBox *>(w))
        m_defaults.insert(key, s->value());
    else if (auto *d = qobject_cast<QDoubleSpinBox *>(w))
        m_defaults.insert(key, d->value());
    else if (auto *c = qobject_cast<QCheckBox *>(w))
        m_defaults.insert(key, c->isChecked());
    else if (auto *b = qobject_cast<QComboBox *>(w))
        m_defaults.insert(key, b->currentText());
    else if (auto *l = qobject_cast<QLineEdit *>(w))
        m_defaults.insert(key, l->text());
    else if (auto *g = qobject_cast<QGroupBox *>(w))
        m_defaults.insert(key, g->isChecked());
}

void JsonFormBinder::connectWidget(QWidget *w, const QString &key)
{
    const auto edited = [this, key] { onWidgetEdited(key); };
    // A value the profile had but the field cannot show (out of its range, not a number) is shown
    // clamped; confirming the field (Enter, leaving it) writes what it shows even when unchanged.
    const auto confirmed = [this, key, w] {
        if (!m_loading && valueAt(m_object, key) != read(w, key))
            onWidgetEdited(key);
    };
    if (auto *s = qobject_cast<QSpinBox *>(w)) {
        connect(s, &QSpinBox::valueChanged, this, edited);
        connect(s, &QSpinBox::editingFinished, this, confirmed);
    } else if (auto *d = qobject_cast<QDoubleSpinBox *>(w)) {
        connect(d, &QDoubleSpinBox::valueChanged, this, edited);
        connect(d, &QDoubleSpinBox::editingFinished, this, confirmed);
    } else if (auto *c = qobject_cast<QCheckBox *>(w)) {
        connect(c, &QCheckBox::toggled, this, edited);
    } else if (auto *b = qobject_cast<QComboBox *>(w)) {
        connect(b, &QComboBox::currentTextChanged, this, edited);
    } else if (auto *l = qobject_cast<QLineEdit *>(w)) {
        connect(l, &QLineEdit::textEdited, this, edited);
    } else if (auto *g = qobject_cast<QGroupBox *>(w)) {
        connect(g, &QGroupBox::toggled, this, edited);
    }
}

void JsonFormBinder::load(const QJsonObject &object)
{
    m_loading = true;
    // Values another workload had that the form does not list go away with it.
    for (auto it = m_addedItems.cbegin(); it != m_addedItems.cend(); ++it) {
        if (auto *b = qobject_cast<QComboBox *>(m_widgets.value(it.key())))
            b->removeItem(b->findText(it.value()));
    }
    m_addedItems.clear();
    m_object = object;
    m_parseProblems.clear();
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        const QJsonValue v = valueAt(object, it.key());
        if (v.isUndefined() || v.isNull()) {
            QWidget *w = it.value();
            const QVariant def = m_defaults.value(it.key());
            if (auto *s = qobject_cast<QSpinBox *>(w))
                s->setValue(def.toInt());
            else if (auto *d = qobject_cast<QDoubleSpinBox *>(w))
                d->setValue(def.toDouble());
            else if (auto *c = qobject_cast<QCheckBox *>(w))
                c->setChecked(def.toBool());
            else if (auto *b = qobject_cast<QComboBox *>(w))
                b->setCurrentText(def.toString());
            else if (auto *l = qobject_cast<QLineEdit *>(w))
                l->setText(def.toString());
            else if (auto *g = qobject_cast<QGroupBox *>(w))
                g->setChecked(def.toBool());
        } else {
            show(it.value(), v);
        }
    }
    m_loading = false;
}

void JsonFormBinder::show(QWidget *w, const QJsonValue &value)
{
    if (auto *s = qobject_cast<QSpinBox *>(w)) {
        s->setValue(int(std::clamp(value.toDouble(), double(s->minimum()), double(s->maximum()))));
    } else if (auto *d = qobject_cast<QDoubleSpinBox *>(w)) {
        d->setValue(value.toDouble());
    } else if (auto *c = qobject_cast<QCheckBox *>(w)) {
        c->setChecked(value.toBool());
    } else if (auto *b = qobject_cast<QComboBox *>(w)) {
        // A value the form does not list stays visible (the validator then names it).
        if (b->findText(value.toString()) < 0) {
            b->addItem(value.toString());
            m_addedItems.insert(w->property("jsonKey").toString(), value.toString());
        }
        b->setCurrentText(value.toString());
    } else if (auto *l = qobject_cast<QLineEdit *>(w)) {
        l->setText(jsonText(value));
        // A long value (a URL) shows its start, not the end the cursor was left at.
        l->setCursorPosition(0);
    } else if (auto *g = qobject_cast<QGroupBox *>(w)) {
        g->setChecked(value.isObject());
    }
}

QJsonValue JsonFormBinder::read(QWidget *w, const QString &key)
{
    m_parseProblems.remove(key);
    if (auto *s = qobject_cast<QSpinBox *>(w))
        return s->value();
    if (auto *d = qobject_cast<QDoubleSpinBox *>(w)) {
        const double v = d->value();
        return d->decimals() == 0 ? QJsonValue(std::round(v)) : QJsonValue(v);
    }
    if (auto *c = qobject_cast<QCheckBox *>(w))
        return c->isChecked();
    if (auto *b = qobject_cast<QComboBox *>(w))
        return b->currentText();
    if (auto *g = qobject_cast<QGroupBox *>(w)) {
        // Checked: the object exists (what it had, else "jsonWhenChecked"); unchecked: the key goes.
        if (!g->isChecked())
            return QJsonValue::Undefined;
        const QJsonValue had = valueAt(m_object, key);
        if (had.isObject())
            return had;
        return QJsonDocument::fromJson(g->property("jsonWhenChecked").toString().toUtf8()).object();
    }
    if (auto *l = qobject_cast<QLineEdit *>(w)) {
        const QString text = l->text().trimmed();
        if (w->property("jsonValue").toString() != QLatin1String("any"))
            return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
        if (text.isEmpty())
            return QJsonValue::Undefined;
        bool isNumber = false;
        const double number = text.toDouble(&isNumber);
        if (isNumber)
            return number;
        // Objects and arrays (a distribution, a list of URLs) are typed as JSON.
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || doc.isNull()) {
            m_parseProblems.insert(key, tr("expected a number or JSON text such as "
                                           "{\"dist\": \"uniform\", \"min\": 1, \"max\": 5}: %1 at character %2")
                                            .arg(error.errorString())
                                            .arg(error.offset + 1));
            return QJsonValue::Undefined;
        }
        return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    return QJsonValue::Undefined;
}

void JsonFormBinder::onWidgetEdited(const QString &key)
{
    if (m_loading)
        return;
    const QJsonValue v = read(m_widgets.value(key), key);
    // Unparsable text keeps the last good value in the object; the form marks the widget.
    if (!m_parseProblems.contains(key))
        setValueAt(m_object, key.split(u'.'), v);
    Q_EMIT edited();
}

QString JsonFormBinder::keyFor(const QString &relativePath) const
{
    QString best;
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        const QString &k = it.key();
        const bool matches =
            relativePath == k || relativePath.startsWith(k + u'.') || relativePath.startsWith(k + u'[');
        if (matches && k.size() > best.size())
            best = k;
    }
    return best;
}

void JsonFormBinder::setProblems(const QHash<QString, QString> &problemsByKey)
{
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        QWidget *w = it.value();
        const QString problem = problemsByKey.value(it.key());
        const bool invalid = !problem.isEmpty();
        if (w->property("invalid").toBool() == invalid && (!invalid || w->toolTip().endsWith(problem)))
            continue;
        w->setProperty("invalid", invalid);
        // A tinted field and the reason in its tooltip; the palette keeps the style's own look.
        QPalette p = w->parentWidget() ? w->parentWidget()->palette() : QPalette();
        if (invalid)
            p.setColor(QPalette::Base, QColor(255, 214, 214));
        w->setPalette(p);
        const QString base = m_toolTips.value(it.key());
        w->setToolTip(invalid ? (base.isEmpty() ? problem : base + QStringLiteral("\n\n") + problem) : base);
    }
}

} // namespace coroscope
