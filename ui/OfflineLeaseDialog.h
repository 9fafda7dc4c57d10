#pragma once

#include <QDialog>

class QSpinBox;

namespace fr {

// An offline review session: how many outputs to lease and for how long. Enter leases, Esc
// cancels; the two fields take the keyboard (Tab between them).
class OfflineLeaseDialog : public QDialog
{
    Q_OBJECT
public:
    OfflineLeaseDialog(int count, int hours, int maxCount, QWidget *parent = nullptr);

    int count() const;
    int hours() const;

    QSpinBox *countBox() const { return m_count; }
    QSpinBox *hoursBox() const { return m_hours; }

private:
    QSpinBox *m_count;
    QSpinBox *m_hours;
};

} // namespace fr
