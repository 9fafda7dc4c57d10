#include "AuthService.h"

#include "ApiClient.h"
#include "SecretStore.h"

#include <QPointer>
#include <QSettings>

namespace fr {

namespace {

// QSettings keys: the cached account per server and user. Not secret: it only lets an offline
// start show who is signed in; the keychain still decides whether a token exists.
QString accountGroup(const QUrl &server, const QString &username)
{
    const QString id = SecretStore::keyFor(server.toString(QUrl::StripTrailingSlash), username);
    return QStringLiteral("accounts/") + QString::fromLatin1(id.toUtf8().toHex());
}

// Keyed by the name typed at sign-in (what resume() is given), which may differ in case or
// form from the server's canonical username.
void saveAccount(const QUrl &server, const QString &signInName, const Account &account)
{
    QSettings settings;
    settings.beginGroup(accountGroup(server, signInName));
    settings.setValue(QStringLiteral("reviewerId"), account.reviewerId);
    settings.setValue(QStringLiteral("username"), account.username);
    settings.setValue(QStringLiteral("displayName"), account.displayName);
    settings.setValue(QStringLiteral("role"), account.role);
    settings.endGroup();
    settings.setValue(QStringLiteral("lastServer"), server.toString());
    settings.setValue(QStringLiteral("lastUsername"), signInName);
}

std::optional<Account> loadAccount(const QUrl &server, const QString &username)
{
    QSettings settings;
    settings.beginGroup(accountGroup(server, username));
    Account account;
    account.reviewerId = settings.value(QStringLiteral("reviewerId")).toString();
    account.username = settings.value(QStringLiteral("username")).toString();
    account.displayName = settings.value(QStringLiteral("displayName")).toString();
    account.role = settings.value(QStringLiteral("role")).toString();
    if (account.reviewerId.isEmpty())
        return std::nullopt;
    return account;
}

void forgetAccount(const QUrl &server, const QString &username)
{
    QSettings settings;
    settings.remove(accountGroup(server, username));
}

} // namespace

struct AuthService::Private {
    QPointer<ApiClient> api;
    SecretStore *secrets = nullptr;
    Account account;
    QUrl server;
    QString username;
    QString refreshToken;  // in memory too: without a keychain this session must still work
    bool signedIn = false;
    bool keychainUsable = true;
    QList<RenewCallback> waitingForRenewal;  // non-empty while a refresh request is in flight
    // Counts sign-ins and sign-outs: an answer that lands in a later session (a refresh or a
    // sign-in still on its way at sign-out) must neither write the keychain nor renew anything.
    quint64 generation = 0;

    QString secretKey() const { return SecretStore::keyFor(server.toString(QUrl::StripTrailingSlash), username); }
};

AuthService::AuthService(ApiClient *api, SecretStore *secrets, QObject *parent)
    : QObject(parent), d(new Private)
{
    d->api = api;
    d->secrets = secrets;
    installRenewer();
}

AuthService::~AuthService()
{
    if (d->api)
        d->api->setTokenRenewer({});
    delete d;
}

// The transport asks us when a call says 401; one renewal answers every call waiting then.
// A refused refresh token asks the person for the password, once per renewal.
void AuthService::installRenewer()
{
    QPointer<AuthService> self(this);
    d->api->setTokenRenewer([self](const ApiClient::RenewalDone &done) {
        if (!self) {
            done(ApiClient::Renewal::SignInNeeded, tr("Please sign in again."));
            return;
        }
        const quint64 generation = self->d->generation;
        self->renewAccessToken([self, done, generation](RenewOutcome outcome, const QString &message) {
            switch (outcome) {
            case RenewOutcome::Renewed:
                done(ApiClient::Renewal::Renewed, {});
                return;
            case RenewOutcome::Unreachable:
                done(ApiClient::Renewal::Unreachable, message);
                return;
            case RenewOutcome::PasswordNeeded:
                if (self && generation == self->d->generation)  // not after a sign-out
                    Q_EMIT self->passwordNeeded(message);
                done(ApiClient::Renewal::SignInNeeded, message);
                return;
            }
        });
    });
}

bool AuthService::isSignedIn() const { return d->signedIn; }
Account AuthService::account() const { return d->account; }
QUrl AuthService::server() const { return d->server; }

QUrl AuthService::lastServer()
{
    return QUrl(QSettings().value(QStringLiteral("lastServer")).toString());
}

QString AuthService::lastUsername()
{
    return QSettings().value(QStringLiteral("lastUsername")).toString();
}

void AuthService::signIn(const QUrl &server, const QString &username, const QString &password)
{
    d->server = server;
    d->username = username;
    d->api->setServer(server);
    const quint64 generation = ++d->generation;
    QPointer<AuthService> self(this);
    d->api->signInWithPassword(username, password, [self, generation](const ApiResult<TokenPair> &result) {
        if (!self || generation != self->d->generation)
            return;
        if (!result.ok()) {
            Q_EMIT self->signInFailed(result.error.message);
            return;
        }
        self->acceptTokens(*result.value);
        self->fetchAccount();
    });
}

// Start-up: a refresh token from the keychain becomes a fresh access token, or — when the
// server cannot be reached — the cached account lets the person review offline.
void AuthService::resume(const QUrl &server, const QString &username)
{
    d->server = server;
    d->username = username;
    d->api->setServer(server);
    const quint64 generation = ++d->generation;
    QPointer<AuthService> self(this);
    d->secrets->read(d->secretKey(), [self, generation](const SecretStore::Result &secret) {
        if (!self || generation != self->d->generation)
            return;
        if (!secret.ok) {
            if (secret.noKeychain) {
                self->d->keychainUsable = false;
                Q_EMIT self->keychainWarning(self->noKeychainSentence(secret.message));
            }
            Q_EMIT self->passwordNeeded(secret.notFound ? tr("Please sign in.") : secret.message);
            return;
        }
        self->d->refreshToken = secret.secret;
        self->resumeWithRefreshToken();
    });
}

void AuthService::resumeWithRefreshToken()
{
    renewAccessToken([this](RenewOutcome outcome, const QString &message) {
        switch (outcome) {
        case RenewOutcome::Renewed:
            fetchAccount();
            return;
        case RenewOutcome::PasswordNeeded:
            Q_EMIT passwordNeeded(message);
            return;
        case RenewOutcome::Unreachable:
            if (const auto cached = loadAccount(d->server, d->username)) {
                d->account = *cached;
                d->signedIn = true;
                Q_EMIT signedIn(d->account, false);
            } else {
                Q_EMIT passwordNeeded(message);
            }
            return;
        }
    });
}

void AuthService::refresh()
{
    renewAccessToken([this](RenewOutcome outcome, const QString &message) {
        switch (outcome) {
        case RenewOutcome::Renewed:
            Q_EMIT accessTokenRenewed();
            return;
        case RenewOutcome::PasswordNeeded:
            Q_EMIT passwordNeeded(message);
            return;
        case RenewOutcome::Unreachable:
            Q_EMIT refreshFailed(message);
            return;
        }
    });
}

void AuthService::renewAccessToken(RenewCallback done)
{
    d->waitingForRenewal.append(std::move(done));
    if (d->waitingForRenewal.size() > 1)
        return;  // a refresh is already on its way; answer everyone when it lands
    if (d->refreshToken.isEmpty()) {
        finishRenewal(RenewOutcome::PasswordNeeded, tr("Please sign in again."));
        return;
    }
    QPointer<AuthService> self(this);
    const quint64 generation = d->generation;
    d->api->refreshTokens(d->refreshToken, [self, generation](const ApiResult<TokenPair> &result) {
        if (!self || generation != self->d->generation)
            return;  // signed out meanwhile: signOut() answered the waiting callers
        if (result.ok()) {
            self->acceptTokens(*result.value);
            self->finishRenewal(RenewOutcome::Renewed, {});
        } else if (result.error.kind == ApiError::Kind::BadCredentials) {
            // The saved sign-in was revoked or has expired: forget it, ask for the password.
            self->d->refreshToken.clear();
            self->d->api->setAccessToken({});
            self->d->secrets->remove(self->d->secretKey(), [](const SecretStore::Result &) {});
            self->finishRenewal(RenewOutcome::PasswordNeeded,
                                tr("Your session expired; please sign in again."));
        } else if (result.error.verdict() == ApiError::Verdict::Blocked) {
            // Not the backend refusing the token (offline, a portal, a filter, a broken answer):
            // keep it and try again later.
            self->finishRenewal(RenewOutcome::Unreachable, result.error.message);
        } else {
            self->finishRenewal(RenewOutcome::PasswordNeeded, result.error.message);
        }
    });
}

void AuthService::finishRenewal(RenewOutcome outcome, const QString &message)
{
    const QList<RenewCallback> waiting = std::exchange(d->waitingForRenewal, {});
    for (const RenewCallback &callback : waiting)
        callback(outcome, message);
}

// A new token pair: the access token stays in memory (ApiClient), the refresh token — which
// rotates with every use — goes to the keychain so the next start can resume.
void AuthService::acceptTokens(const TokenPair &tokens)
{
    d->api->setAccessToken(tokens.accessToken);
    if (tokens.refreshToken.isEmpty())
        return;
    d->refreshToken = tokens.refreshToken;
    if (!d->keychainUsable)
        return;  // already warned this session
    QPointer<AuthService> self(this);
    d->secrets->write(d->secretKey(), tokens.refreshToken, [self](const SecretStore::Result &result) {
        if (!self || result.ok)
            return;
        self->d->keychainUsable = false;
        Q_EMIT self->keychainWarning(self->noKeychainSentence(result.message));
    });
}

QString AuthService::noKeychainSentence(const QString &keychainMessage) const
{
    return tr("%1 You can work now; you will be asked for your password at the next start.").arg(keychainMessage);
}

void AuthService::fetchAccount()
{
    QPointer<AuthService> self(this);
    const quint64 generation = d->generation;
    d->api->me([self, generation](const ApiResult<Account> &result) {
        if (!self || generation != self->d->generation)
            return;
        if (!result.ok()) {
            Q_EMIT self->signInFailed(result.error.message);
            return;
        }
        self->d->account = *result.value;
        self->d->signedIn = true;
        saveAccount(self->d->server, self->d->username, self->d->account);
        Q_EMIT self->signedIn(self->d->account, true);
    });
}

void AuthService::signOut()
{
    const QUrl server = d->server;
    const QString username = d->username;
    ++d->generation;
    d->api->endSession();
    d->refreshToken.clear();
    d->signedIn = false;
    d->account = {};
    forgetAccount(server, username);
    finishRenewal(RenewOutcome::PasswordNeeded, tr("You signed out."));
    QPointer<AuthService> self(this);
    d->secrets->remove(d->secretKey(), [self](const SecretStore::Result &) {
        if (self)
            Q_EMIT self->signedOut();
    });
}

} // namespace fr
