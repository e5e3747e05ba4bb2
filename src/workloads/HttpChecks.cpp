#include "workloads/HttpChecks.h"

#include "core/NonEmptyArray.h"
#include "net/HttpResponseCapture.h"

#include <QJsonArray>

namespace coroscope {

namespace {

// What a header value or needle looks like in a message: short, on one line.
QString shown(const QByteArray &v)
{
    QString s = QString::fromUtf8(v.left(80)).replace(u'\n', u' ');
    return v.size() > 80 ? s + QStringLiteral("...") : s;
}

} // namespace

HttpChecks HttpChecks::read(JsonReader &parent)
{
    HttpChecks c;
    c.bind(nullptr);
    if (!parent.has(QStringLiteral("checks")))
        return c;
    JsonReader r = parent.child(QStringLiteral("checks"));
    if (r.has(QStringLiteral("status"))) {
        const QJsonArray a =
            readNonEmptyArray(r, QStringLiteral("status"), tr("expected a non-empty array of status codes, found %1"));
        for (qsizetype i = 0; i < a.size(); ++i) {
            const double code = a.at(i).toDouble(-1);
            if (!a.at(i).isDouble() || code != double(int(code)) || code < 100 || code > 599)
                r.error(QStringLiteral("status[%1]").arg(i),
                        tr("expected a status code from 100 to 599, found %1").arg(JsonReader::describe(a.at(i))));
            else
                c.m_statuses << int(code);
        }
    }
    c.m_bodyContains = r.string(QStringLiteral("bodyContains"), QString()).toUtf8();
    if (r.has(QStringLiteral("header"))) {
        JsonReader headers = r.child(QStringLiteral("header"));
        for (auto it = headers.object().constBegin(); it != headers.object().constEnd(); ++it) {
            const QString value = headers.string(it.key(), QString(), true);
            if (it.key().isEmpty() || it.key().contains(u' ') || it.key().contains(u':'))
                headers.error(it.key(), tr("expected a header name, found \"%1\"").arg(it.key()));
            else
                c.m_headers << qMakePair(it.key().toLatin1(), value.toUtf8());
        }
    }
    c.m_maxBodyBytes = r.integer(QStringLiteral("maxBodyBytes"), 0, 0, qint64(1) << 50);
    r.warnUnknownKeys();
    c.bind(nullptr);
    return c;
}

QStringList HttpChecks::names() const
{
    QStringList n;
    if (!m_statuses.isEmpty())
        n << QStringLiteral("status");
    for (const auto &h : m_headers)
        n << QStringLiteral("header ") + QString::fromLatin1(h.first);
    if (!m_bodyContains.isEmpty())
        n << QStringLiteral("bodyContains");
    if (m_maxBodyBytes > 0)
        n << QStringLiteral("maxBodyBytes");
    return n;
}

QList<CheckTally> HttpChecks::emptyTallies() const
{
    QList<CheckTally> t;
    for (const QString &n : names())
        t << CheckTally{n, 0, 0};
    return t;
}

void HttpChecks::bind(const DataFeed *feed, QStringList *unknown)
{
    static const DataFeed kNoColumns;
    m_feed = feed ? feed : &kNoColumns;
    m_bodyTemplate = m_feed->compile(m_bodyContains, unknown);
    m_headerTemplates.clear();
    for (const auto &h : m_headers)
        m_headerTemplates.push_back(m_feed->compile(h.second, unknown));
}

QByteArray HttpChecks::expand(const DataFeed::Template &t, const QByteArray &text, qint64 row, quint64 index) const
{
    // Without a data file only {i} can be there; a text with no placeholder is used as written.
    if (!DataFeed::hasPlaceholders(t))
        return text;
    return m_feed->expand(t, row, index);
}

void HttpChecks::arm(HttpResponseCapture *capture, qint64 row, quint64 index) const
{
    QList<QByteArray> names;
    for (const auto &h : m_headers)
        names << h.first;
    capture->expect(names, expand(m_bodyTemplate, m_bodyContains, row, index));
}

ErrorKind HttpChecks::judge(int status, const HttpResponseCapture *capture, qint64 row, quint64 index,
                            QList<CheckTally> *tallies, QString *message) const
{
    QStringList failed;
    qsizetype n = 0;
    auto count = [&](bool passed, const QString &why) {
        CheckTally &t = (*tallies)[n++];
        ++(passed ? t.passed : t.failed);
        if (!passed)
            failed << why;
    };
    if (!m_statuses.isEmpty()) {
        QStringList codes;
        for (int c : m_statuses)
            codes << QString::number(c);
        count(m_statuses.contains(status),
              tr("check status: expected %1, got %2").arg(codes.join(QStringLiteral(", "))).arg(status));
    }
    for (qsizetype i = 0; i < m_headers.size(); ++i) {
        const QByteArray want = expand(m_headerTemplates[size_t(i)], m_headers[i].second, row, index);
        const QByteArray &got = capture->headerValueAt(i);
        const QString name = QString::fromLatin1(m_headers[i].first);
        count(!got.isNull() && got.contains(want),
              got.isNull() ? tr("check header %1: expected \"%2\", the header is missing").arg(name, shown(want))
                           : tr("check header %1: expected \"%2\", got \"%3\"").arg(name, shown(want), shown(got)));
    }
    if (!m_bodyContains.isEmpty())
        count(capture->found(), tr("check bodyContains: \"%1\" not in the %2-byte body")
                                    .arg(shown(expand(m_bodyTemplate, m_bodyContains, row, index)))
                                    .arg(capture->bodyBytes()));
    if (m_maxBodyBytes > 0)
        count(
            capture->bodyBytes() <= m_maxBodyBytes,
            tr("check maxBodyBytes: expected at most %1 bytes, got %2").arg(m_maxBodyBytes).arg(capture->bodyBytes()));
    // Without a status check an error status fails as it always did, whatever the other checks say.
    if (m_statuses.isEmpty() && status >= 400) {
        *message = QStringLiteral("HTTP status %1").arg(status);
        return status >= 500 ? ErrorKind::Http5xx : ErrorKind::Http4xx;
    }
    if (failed.isEmpty())
        return ErrorKind::None;
    *message = failed.join(QStringLiteral("; "));
    return ErrorKind::CheckFailed;
}

} // namespace coroscope
