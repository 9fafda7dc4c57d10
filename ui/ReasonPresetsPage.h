#pragma once

#include "UiSettings.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;

namespace fr {

// The settings page of the preset reject reasons (keys 1–9): per key a label, a stable code
// (what the backend stores and reports group by) and whether a decision with it asks for a
// comment. Works on a copy; reasons() is the edited list.
class ReasonPresetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReasonPresetsPage(const QList<ReasonPreset> &reasons, QWidget *parent = nullptr);

    // The edited presets. An empty or invalid code keeps the one the preset had.
    QList<ReasonPreset> reasons() const;

    QLineEdit *labelEdit(int number) const;   // 1..9; nullptr out of range
    QLineEdit *codeEdit(int number) const;
    QCheckBox *needsCommentBox(int number) const;

private:
    struct Row {
        QLineEdit *label;
        QLineEdit *code;
        QCheckBox *needsComment;
    };
    QList<ReasonPreset> m_original;
    QList<Row> m_rows;
};

} // namespace fr
