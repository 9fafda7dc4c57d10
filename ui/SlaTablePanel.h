#pragma once

#include <QWidget>

class QAbstractItemModel;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace fr {

// One table of the supervisor console: a caption, a filter (/ or Ctrl+F), the table (sortable
// by every column with the model's sort role), and Export CSV (what the table shows, in its
// order). Extra controls go into controls(). It writes nothing itself: exportCsvRequested.
class SlaTablePanel : public QWidget
{
    Q_OBJECT
public:
    SlaTablePanel(const QString &caption, QAbstractItemModel *model, int sortRole, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QHBoxLayout *controls() const { return m_controls; }
    QLabel *noteLabel() const { return m_note; }
    QString csv() const;  // the shown rows, filtered and sorted as on screen

Q_SIGNALS:
    void exportCsvRequested();

private:
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QHBoxLayout *m_controls;
    QLabel *m_note;
};

} // namespace fr
