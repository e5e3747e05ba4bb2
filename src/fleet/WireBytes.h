#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace coroscope {

// The fleet's delta payload is a byte string of LEB128 varints (docs/fleet.md): small
// figures cost a byte, and a reader can check every length before it trusts it.
class WireWriter
{
public:
    void byte(quint8 b) { m_out.append(char(b)); }
    void varint(quint64 v)
    {
        while (v >= 0x80) {
            m_out.append(char(quint8(v) | 0x80));
            v >>= 7;
        }
        m_out.append(char(v));
    }
    void signedVarint(qint64 v) { varint((quint64(v) << 1) ^ quint64(v >> 63)); }
    void text(const QByteArray &utf8)
    {
        varint(quint64(utf8.size()));
        m_out.append(utf8);
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

// Reads what WireWriter wrote; the first malformed or out-of-range field stops it with a message,
// and every later read returns 0 so a caller can check once at the end of a group.
class WireReader
{
    Q_DECLARE_TR_FUNCTIONS(WireReader)

public:
    explicit WireReader(QByteArrayView data) : m_data(data) {}

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    bool atEnd() const { return m_at == m_data.size(); }
    qsizetype offset() const { return m_at; }
    void fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = tr("%1 (at byte %2)").arg(why).arg(m_at);
    }

    quint8 byte(const char *what)
    {
        if (!ok())
            return 0;
        if (m_at >= m_data.size()) {
            fail(tr("truncated before %1").arg(QLatin1String(what)));
            return 0;
        }
        return quint8(m_data[m_at++]);
    }
    // A varint no larger than `max`.
    quint64 varint(const char *what, quint64 max)
    {
        quint64 v = 0;
        for (int shift = 0; ok(); shift += 7) {
            if (shift > 63) {
                fail(tr("%1 is longer than 64 bits").arg(QLatin1String(what)));
                return 0;
            }
            const quint8 b = byte(what);
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
        if (ok() && v > max)
            fail(tr("%1 is %2, more than %3").arg(QLatin1String(what)).arg(v).arg(max));
        return ok() ? v : 0;
    }
    qint64 signedVarint(const char *what, qint64 maxMagnitude)
    {
        const quint64 z = varint(what, ~quint64(0));
        const qint64 v = qint64(z >> 1) ^ -qint64(z & 1);
        if (ok() && (v > maxMagnitude || v < -maxMagnitude))
            fail(tr("%1 is %2, beyond ±%3").arg(QLatin1String(what)).arg(v).arg(maxMagnitude));
        return ok() ? v : 0;
    }
    QByteArray text(const char *what, qsizetype maxBytes)
    {
        const qsizetype n = qsizetype(varint(what, quint64(maxBytes)));
        if (!ok())
            return {};
        if (m_data.size() - m_at < n) {
            fail(tr("%1 announces %2 bytes, %3 are left").arg(QLatin1String(what)).arg(n).arg(m_data.size() - m_at));
            return {};
        }
        QByteArray out(m_data.data() + m_at, n);
        m_at += n;
        return out;
    }

private:
    QByteArrayView m_data;
    qsizetype m_at = 0;
    QString m_error;
};

} // namespace coroscope
