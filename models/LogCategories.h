#pragma once

#include <QLoggingCategory>

// One logging category per area, so that a person who lost work can send a log that says why,
// and a developer can turn one area up (QT_LOGGING_RULES="fr.sync.debug=true", or --verbose for
// all of them). Never log a token, a password or model text: ids, counts, states and sentences.
Q_DECLARE_LOGGING_CATEGORY(lcSync)   // fr.sync: outbox drain, leases, backoff, connectivity
Q_DECLARE_LOGGING_CATEGORY(lcApi)    // fr.api: calls, statuses, failure classification
Q_DECLARE_LOGGING_CATEGORY(lcStore)  // fr.store: open, migrations, recovery, failed writes
Q_DECLARE_LOGGING_CATEGORY(lcAuth)   // fr.auth: sign-in, refresh, keychain (never the secrets)
Q_DECLARE_LOGGING_CATEGORY(lcUi)     // fr.ui: windows, dialogs, user-visible problems
