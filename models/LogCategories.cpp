#include "LogCategories.h"

// Info and above by default; --verbose (or QT_LOGGING_RULES) turns on debug.
Q_LOGGING_CATEGORY(lcSync, "fr.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "fr.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "fr.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "fr.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "fr.ui", QtInfoMsg)
