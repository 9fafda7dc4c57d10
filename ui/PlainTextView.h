#pragma once

#include <QPlainTextEdit>

namespace fr {

// A read-only view of untrusted text (model inputs and outputs). QPlainTextEdit never interprets
// markup and lays out only the visible blocks, so HTML stays literal and 1 MiB stays fast.
// Read-only means the triage keys (A, X, …) keep working while it has focus.
class PlainTextView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PlainTextView(const QString &accessibleName, QWidget *parent = nullptr);

    void setText(const QString &text);
    QSize sizeHint() const override;
};

} // namespace fr
