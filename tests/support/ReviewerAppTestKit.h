#pragma once

// For tests that run the whole program (ReviewerApp, as main.cpp does) against the real backend.
// Header-only: only tests that link fr_reviewer_app include it.

#include "LoginDialog.h"
#include "ReviewerApp.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QLineEdit>
#include <QUrl>

#include <catch2/catch.hpp>

namespace fr::test {

// Waits with QTest::qWait, which also runs deferred deletes (closed dialogs, finished replies).
template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

// Every test starts as a first run: no remembered session, no cached store. ctest runs test
// cases as parallel processes, so each process gets its own settings file and data folder.
inline void forgetEverything(const QString &prefix)
{
    QCoreApplication::setApplicationName(QStringLiteral("%1-%2").arg(prefix).arg(QCoreApplication::applicationPid()));
    QSettings().clear();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

// Leaves nothing behind in the test-mode folders once the process is done.
struct CleanUpAtExit {
    ~CleanUpAtExit()
    {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QFile::remove(QSettings().fileName());
    }
};

// The program's options for a test: its own keychain service, never the person's entries.
inline ReviewerOptions optionsFor(const QUrl &server, const QString &secretService)
{
    ReviewerOptions options;
    options.server = server;
    options.secretService = secretService;
    return options;
}

// Types the credentials into the real sign-in dialog and presses Enter, as a person would.
inline void signInThroughDialog(ReviewerApp &app, const QString &user, const QString &password)
{
    LoginDialog *login = app.loginDialog();
    REQUIRE(waitFor([login] { return login->isVisible(); }, 10000));
    login->userEdit()->clear();
    QTest::keyClicks(login->userEdit(), user);
    login->passwordEdit()->clear();
    QTest::keyClicks(login->passwordEdit(), password);
    QTest::keyClick(login->passwordEdit(), Qt::Key_Return);
}

} // namespace fr::test
