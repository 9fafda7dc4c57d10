#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace fr {

class ConflictsModel;

// The decisions the backend refused, with the reason and what the person can do about it.
class ConflictsView : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsView(ConflictsModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QLabel *adviceLabel() const { return m_advice; }
    static QString advice(const QString &state, const QString &reason);

private:
    void updateAdvice();

    ConflictsModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QLabel *m_advice;
};

} // namespace fr
