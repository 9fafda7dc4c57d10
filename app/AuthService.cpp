#include "AuthService.h"

#include "ApiClient.h"
#include "SecretStore.h"

namespace fr {

struct AuthService::Private {
    ApiClient *api;
    SecretStore *secrets;
    Account account;
    QUrl server;
    bool signedIn = false;
};

AuthService::AuthService(ApiClient *api, SecretStore *secrets, QObject *parent)
    : QObject(parent), d(new Private{api, secrets, {}, {}, false})
{
}

void AuthService::signIn(const QUrl &, const QString &, const QString &) {}
void AuthService::resume(const QUrl &, const QString &) {}
void AuthService::refresh() {}
void AuthService::signOut() {}
bool AuthService::isSignedIn() const { return d->signedIn; }
Account AuthService::account() const { return d->account; }
QUrl AuthService::server() const { return d->server; }

} // namespace fr
