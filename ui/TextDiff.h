#pragma once

#include <QList>
#include <QString>

namespace fr {

// A word-level diff between the model output and the reviewer's correction, shown inline under
// the correction editor. Bounded work: beyond a few hundred changed words it degrades to a
// single "replaced" chunk instead of an O(n·m) table, so a 1 MiB output never freezes the UI.
struct DiffChunk {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;
    bool operator==(const DiffChunk &) const = default;
};

namespace TextDiff {

QList<DiffChunk> diff(const QString &before, const QString &after);
QStringList tokens(const QString &text);  // words and the whitespace/punctuation between them

} // namespace TextDiff
} // namespace fr
