#pragma once

#include <QWidget>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;

namespace fr {

class ConflictsModel;
class RefusedDecisionDialog;

// The decisions the backend refused, with the reason and what the person can do about it:
// send it again, edit it and send it, or discard it (asked first; the store keeps it as
// history). Only intentions leave this widget; the app does the store work.
class ConflictsView : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsView(ConflictsModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QLabel *adviceLabel() const { return m_advice; }
    QPushButton *resendButton() const { return m_resend; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *discardButton() const { return m_discard; }
    RefusedDecisionDialog *editor() const { return m_editor; }      // while one is open
    QMessageBox *discardQuestion() const { return m_question; }     // while one is open
    static QString advice(const QString &state, const QString &reason);

public Q_SLOTS:
    void resendCurrent();
    void editCurrent();     // opens the editor; its Send emits resendEditedRequested
    void discardCurrent();  // asks; Yes emits discardRequested

Q_SIGNALS:
    void resendRequested(const QString &idempotencyKey);
    void resendEditedRequested(const QString &idempotencyKey, bool approval, const QString &correction,
                               const QString &comment);
    void discardRequested(const QString &idempotencyKey);

private:
    void updateAdvice();
    QString currentKey() const;

    ConflictsModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QLabel *m_advice;
    QPushButton *m_resend;
    QPushButton *m_edit;
    QPushButton *m_discard;
    RefusedDecisionDialog *m_editor = nullptr;
    QMessageBox *m_question = nullptr;
};

} // namespace fr
