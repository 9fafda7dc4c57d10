#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace fr {

// The OS keychain (Secret Service, KWallet, ...) through QtKeychain. The only place a secret
// may be kept on disk. Entries live under the service "feedback-reviewer" with the key
// "<server>|<user>". Every operation is asynchronous and answers once through its callback.
// Secrets never go to a log or to any other storage — not even when the keychain is missing.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    struct Result {
        bool ok = false;
        bool notFound = false;   // read/delete: there was no such entry (not an error for callers)
        bool noKeychain = false; // the keychain is unusable: no keyring / no backend (code 7), denied
        QString secret;          // read only
        QString message;         // a sentence for a person when !ok
    };
    using Callback = std::function<void(const Result &)>;

    explicit SecretStore(QObject *parent = nullptr);
    // Tests use their own service name so they never touch a real user's entries.
    explicit SecretStore(const QString &serviceName, QObject *parent = nullptr);

    static constexpr qsizetype kMaxSecretChars = 16 * 1024;  // write() refuses longer secrets

    static QString keyFor(const QString &server, const QString &username);
    QString serviceName() const { return m_service; }

    void read(const QString &key, Callback done);
    void write(const QString &key, const QString &secret, Callback done);
    void remove(const QString &key, Callback done);

private:
    QString m_service;
};

} // namespace fr
