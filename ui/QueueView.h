#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace fr {

class QueueModel;
class QueueFilterModel;

// The left column: filter box, "412 to review", sort selector and the virtualised list of
// outputs. Emits the id the person picks; follows the triage controller's current output.
class QueueView : public QWidget
{
    Q_OBJECT
public:
    QueueView(QueueModel *queue, QueueFilterModel *order, QWidget *parent = nullptr);

    void focusFilter();
    void focusList();
    void cycleSort();  // the next sort key (S)
    QComboBox *sortBox() const { return m_sort; }
    bool filterHasFocus() const;
    void setCurrentOutput(const QString &outputId);  // selects it without emitting outputActivated
    QListView *list() const { return m_list; }
    QLineEdit *filterEdit() const { return m_filter; }

Q_SIGNALS:
    void outputActivated(const QString &outputId);
    void filterDone();  // Enter in the filter box: back to triage

private:
    void updateCount();
    void onCurrentRowChanged();

    QueueModel *m_queue;
    QueueFilterModel *m_order;
    QLineEdit *m_filter;
    QLabel *m_count;
    QComboBox *m_sort;
    QListView *m_list;
    QTimer *m_countTimer;
    bool m_following = false;  // true while we move the selection ourselves
};

} // namespace fr
