#include "SecretStore.h"

#include <qt6keychain/keychain.h>

namespace fr {

namespace {

const auto kDefaultService = QStringLiteral("feedback-reviewer");

// QtKeychain's error codes as a person would want to hear them. The job's own text is added
// because it often names the missing piece (e.g. "org.freedesktop.secrets was not provided").
SecretStore::Result resultOf(QKeychain::Job *job)
{
    SecretStore::Result result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.ok = true;
        return result;
    case QKeychain::EntryNotFound:
        result.notFound = true;
        result.message = SecretStore::tr("There is no saved sign-in for this account.");
        return result;
    default:
        // Code 7 (OtherError) is what a desktop without a keyring or D-Bus gives; the others
        // (no backend, denied) have the same consequence: nothing can be remembered.
        result.noKeychain = true;
        result.message = SecretStore::tr("The system keychain is not available (%1, code %2), so "
                                         "the sign-in cannot be remembered.")
                             .arg(job->errorString())
                             .arg(int(job->error()));
        return result;
    }
}

// Runs a job and answers once; the job deletes itself when finished.
void run(QKeychain::Job *job, SecretStore *owner, SecretStore::Callback done,
         std::function<void(SecretStore::Result &)> onSuccess = {})
{
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, owner, [job, done, onSuccess] {
        SecretStore::Result result = resultOf(job);
        if (result.ok && onSuccess)
            onSuccess(result);
        done(result);
    });
    job->start();
}

} // namespace

SecretStore::SecretStore(QObject *parent) : SecretStore(kDefaultService, parent) {}

SecretStore::SecretStore(const QString &serviceName, QObject *parent)
    : QObject(parent), m_service(serviceName)
{
}

QString SecretStore::keyFor(const QString &server, const QString &username)
{
    return server + QLatin1Char('|') + username;
}

void SecretStore::read(const QString &key, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    run(job, this, std::move(done), [job](Result &result) { result.secret = job->textData(); });
}

void SecretStore::write(const QString &key, const QString &secret, Callback done)
{
    // A token is a few hundred bytes; a huge one (a broken or hostile server) must not reach the
    // keychain daemon, which may not survive it.
    if (secret.size() > kMaxSecretChars) {
        Result refused;
        refused.message = tr("The keychain was not given a secret of %1 characters (at most %2).")
                              .arg(secret.size()).arg(kMaxSecretChars);
        QMetaObject::invokeMethod(this, [done = std::move(done), refused] { done(refused); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(secret);
    run(job, this, std::move(done));
}

void SecretStore::remove(const QString &key, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    run(job, this, std::move(done));
}

} // namespace fr
