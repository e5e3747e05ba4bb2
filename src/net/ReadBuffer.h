#pragma once

#include <QByteArray>
#include <QIODevice>

#include <algorithm>
#include <cstring>

namespace coroscope {

// A socket's unparsed bytes: one allocation per connection, reused for every read; an incomplete
// message stays at its front until more arrives.
class ReadBuffer
{
public:
    // Appends everything the device has buffered; the number of bytes read (<= 0 on none or error).
    qint64 fillFrom(QIODevice *device)
    {
        const qint64 available = device->bytesAvailable();
        if (available <= 0)
            return 0;
        if (m_bytes.size() < m_size + available)
            m_bytes.resize(m_size + available);
        const qint64 got = device->read(m_bytes.data() + m_size, available);
        m_size += std::max<qint64>(0, got);
        return got;
    }
    // Room for `n` more bytes at the end, to read into directly; then commit() what arrived.
    char *reserve(qint64 n)
    {
        if (m_bytes.size() < m_size + n)
            m_bytes.resize(m_size + n);
        return m_bytes.data() + m_size;
    }
    void commit(qint64 n) { m_size += n; }
    // How many bytes fit after what it holds without growing.
    qsizetype spare() const { return m_bytes.size() - m_size; }
    void append(const char *data, qsizetype n)
    {
        std::memcpy(reserve(n), data, size_t(n));
        m_size += n;
    }
    // Drops `n` bytes from the front.
    void consume(qsizetype n)
    {
        if (n > 0 && n < m_size)
            std::memmove(m_bytes.data(), m_bytes.constData() + n, size_t(m_size - n));
        m_size -= std::min(n, m_size);
    }
    void clear() { m_size = 0; }

    const char *data() const { return m_bytes.constData(); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

private:
    QByteArray m_bytes;
    qsizetype m_size = 0;
};

} // namespace coroscope
