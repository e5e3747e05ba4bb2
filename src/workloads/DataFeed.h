#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

// The rows of a data file (Locust's feeders, JMeter's CSV data set) whose columns fill "{column}"
// placeholders in a request: a CSV file with a header row (RFC 4180: quoted fields, "" inside quotes,
// line breaks inside quotes) or JSON Lines (one object per line; its keys are the columns). Every
// field lives in one buffer with an offset table, so a file costs about its size plus 4 bytes a field.
//
//     QString error;
//     auto feed = DataFeed::load("users.csv", &error);   // error: "users.csv:3: expected 2 fields..."
//     const DataFeed::Template t = feed->compile("/users/{id}?n={i}");
//     QByteArray target = feed->expand(t, row, index, DataFeed::Encoding::Url);
class DataFeed
{
    Q_DECLARE_TR_FUNCTIONS(DataFeed)
public:
    static constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr qint64 kMaxRows = 1'000'000;
    static constexpr qsizetype kMaxColumns = 1000;

    // A text with its placeholders found once: literal pieces, columns, and "{i}" (the request's index).
    struct Piece {
        int column = -1; // -1: literal, -2: the request's index
        QByteArray literal;
    };
    using Template = std::vector<Piece>;
    enum class Encoding { None, Url };
    // As `index` in expand(): "{i}" stays as written (the per-URL breakdown's key).
    static constexpr quint64 kKeepIndex = ~quint64(0);

    // Reads and checks a whole file; nullptr with `error` naming the file, the line and what was wrong.
    // A file unchanged since the last load (same path, size and time) is not read again: the editor
    // checks a profile on every keystroke.
    static std::shared_ptr<const DataFeed> load(const QString &path, QString *error);
    // The same from text, `name` standing for the file in messages; `jsonLines` chooses the format.
    static std::shared_ptr<const DataFeed> parse(const QByteArray &text, const QString &name, bool jsonLines,
                                                 QString *error);

    const QStringList &columns() const { return m_columns; }
    qint64 rowCount() const { return m_rows; }
    QByteArray field(qint64 row, int column) const;

    // Placeholders naming no column (and not "i") stay as written, braces included: JSON bodies are full
    // of braces. `unknown` receives the names of such placeholders.
    Template compile(const QByteArray &text, QStringList *unknown = nullptr) const;
    // Url encoding percent-encodes a field (all but letters, digits and -._~/), so a value cannot
    // break the request line.
    QByteArray expand(const Template &t, qint64 row, quint64 index, Encoding encoding = Encoding::None) const;
    static bool hasPlaceholders(const Template &t);
    // The columns a template uses.
    static QList<int> columnsOf(const Template &t);

private:
    bool addRow(const QList<QByteArray> &fields);
    bool setColumns(const QStringList &columns, const QString &where, QString *error);
    static std::shared_ptr<DataFeed> parseCsv(const QByteArray &text, const QString &name, QString *error);
    static std::shared_ptr<DataFeed> parseJsonLines(const QByteArray &text, const QString &name, QString *error);

    QStringList m_columns;
    QByteArray m_data;              // every field, one after another
    std::vector<quint32> m_offsets; // field k of row r starts at m_offsets[r * columns + k]
    qint64 m_rows = 0;
};

} // namespace coroscope
