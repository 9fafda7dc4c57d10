#pragma once

#include "JsonCodec.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace fr {

class ApiClient;
class SecretStore;

// Signing in and staying signed in. The refresh token lives only in the OS keychain (SecretStore,
// per server and user); the access token only in memory. The last account seen (reviewer id,
// names, role — nothing secret) is remembered in QSettings so that an offline start can review
// cached work.
class AuthService : public QObject
{
    Q_OBJECT
public:
    AuthService(ApiClient *api, SecretStore *secrets, QObject *parent = nullptr);
    ~AuthService() override;

    // How a token renewal ended, for callers that must continue their own work afterwards
    // (the sync engine after a 401).
    enum class RenewOutcome { Renewed, PasswordNeeded, Unreachable };
    using RenewCallback = std::function<void(RenewOutcome outcome, const QString &message)>;
    // Like refresh(), with an answer; concurrent calls share one request (the refresh token
    // rotates, so two parallel refreshes would invalidate each other).
    void renewAccessToken(RenewCallback done);

    // The server and user of the last successful sign-in (QSettings; nothing secret), so that
    // the app can resume() at start-up.
    static QUrl lastServer();
    static QString lastUsername();

    // Password sign-in. -> signedIn(account, true) or signInFailed(message)
    void signIn(const QUrl &server, const QString &username, const QString &password);
    // Start-up: the refresh token from the keychain. -> signedIn(account, true);
    // signedIn(cachedAccount, false) when the server cannot be reached (offline start);
    // passwordNeeded(reason) when there is no token, no keychain, or the token was refused.
    void resume(const QUrl &server, const QString &username);
    // After a 401 that a refresh did not cure: ask for the password again (never a loop).
    void refresh();  // -> accessTokenRenewed() or passwordNeeded(reason)
    // Deletes the keychain secret. -> signedOut()
    void signOut();

    bool isSignedIn() const;
    Account account() const;
    QUrl server() const;

Q_SIGNALS:
    void signedIn(const fr::Account &account, bool online);
    void signInFailed(const QString &message);
    void passwordNeeded(const QString &reason);
    void accessTokenRenewed();
    void signedOut();
    // The keychain could not keep the token (e.g. no keyring): the app works, asks again next start.
    void keychainWarning(const QString &message);
    // refresh() could not reach the server: the session goes on offline; nothing to ask.
    void refreshFailed(const QString &message);

private:
    void installRenewer();
    void resumeWithRefreshToken();
    void finishRenewal(RenewOutcome outcome, const QString &message);
    void acceptTokens(const TokenPair &tokens);
    void fetchAccount();
    QString noKeychainSentence(const QString &keychainMessage) const;

    struct Private;
    Private *d;
};

} // namespace fr
