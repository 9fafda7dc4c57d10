#include "TextDiff.h"

#include <vector>

namespace fr::TextDiff {

namespace {

// Beyond this many cells the LCS table costs more than the person would wait for.
constexpr qsizetype MaxTableCells = 250'000;

void append(QList<DiffChunk> &chunks, DiffChunk::Kind kind, const QString &text)
{
    if (text.isEmpty())
        return;
    if (!chunks.isEmpty() && chunks.last().kind == kind)
        chunks.last().text += text;
    else
        chunks.append({kind, text});
}

QString joined(const QStringList &list, qsizetype from, qsizetype to)
{
    QString text;
    for (qsizetype i = from; i < to; ++i)
        text += list.at(i);
    return text;
}

// Classic LCS over the changed middle part (common prefix and suffix already removed).
void lcsDiff(QList<DiffChunk> &chunks, const QStringList &a, const QStringList &b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<int> table(size_t((n + 1) * (m + 1)), 0);
    auto at = [&](qsizetype i, qsizetype j) -> int & { return table[size_t(i * (m + 1) + j)]; };
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = a.at(i) == b.at(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            append(chunks, DiffChunk::Kind::Same, a.at(i));
            ++i, ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            append(chunks, DiffChunk::Kind::Removed, a.at(i++));
        } else {
            append(chunks, DiffChunk::Kind::Added, b.at(j++));
        }
    }
    append(chunks, DiffChunk::Kind::Removed, joined(a, i, n));
    append(chunks, DiffChunk::Kind::Added, joined(b, j, m));
}

// "the", ", " or " " left standing between two changes makes a diff read like confetti:
// absorb such short islands so that a rewritten sentence shows as one removal and one addition.
bool isShortIsland(const QString &text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size() < 3 && !text.contains(QLatin1Char('\n'));
}

QList<DiffChunk> withoutShortIslands(const QList<DiffChunk> &chunks)
{
    QList<DiffChunk> result;
    QString removed, added;
    auto flush = [&] {
        append(result, DiffChunk::Kind::Removed, removed);
        append(result, DiffChunk::Kind::Added, added);
        removed.clear();
        added.clear();
    };
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        const DiffChunk &chunk = chunks.at(i);
        const bool inChange = !removed.isEmpty() || !added.isEmpty();
        const bool changeFollows = i + 1 < chunks.size();  // a Same chunk is never followed by another
        if (chunk.kind == DiffChunk::Kind::Removed) {
            removed += chunk.text;
        } else if (chunk.kind == DiffChunk::Kind::Added) {
            added += chunk.text;
        } else if (inChange && changeFollows && isShortIsland(chunk.text)) {
            removed += chunk.text;
            added += chunk.text;
        } else {
            flush();
            append(result, DiffChunk::Kind::Same, chunk.text);
        }
    }
    flush();
    return result;
}

} // namespace

QStringList tokens(const QString &text)
{
    QStringList result;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool end = i == text.size();
        const bool wordChar = !end && text.at(i).isLetterOrNumber();
        if (end || !wordChar) {
            if (i > start)
                result.append(text.mid(start, i - start));  // the word before
            if (!end)
                result.append(text.mid(i, 1));  // each separator is its own token
            start = i + 1;
        }
    }
    return result;
}

QList<DiffChunk> diff(const QString &before, const QString &after)
{
    QList<DiffChunk> chunks;
    if (before == after) {
        append(chunks, DiffChunk::Kind::Same, before);
        return chunks;
    }
    const QStringList a = tokens(before), b = tokens(after);
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.at(prefix) == b.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
           && a.at(a.size() - 1 - suffix) == b.at(b.size() - 1 - suffix))
        ++suffix;

    append(chunks, DiffChunk::Kind::Same, joined(a, 0, prefix));
    const QStringList middleA = a.mid(prefix, a.size() - prefix - suffix);
    const QStringList middleB = b.mid(prefix, b.size() - prefix - suffix);
    if ((middleA.size() + 1) * (middleB.size() + 1) <= MaxTableCells) {
        lcsDiff(chunks, middleA, middleB);
    } else {
        append(chunks, DiffChunk::Kind::Removed, middleA.join(QString()));
        append(chunks, DiffChunk::Kind::Added, middleB.join(QString()));
    }
    append(chunks, DiffChunk::Kind::Same, joined(a, a.size() - suffix, a.size()));
    return withoutShortIslands(chunks);
}

} // namespace fr::TextDiff
