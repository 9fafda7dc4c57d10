#include "JsonCodec.h"

namespace fr::JsonCodec {
QDateTime parseTime(const QString &) { return {}; }
QString formatTime(const QDateTime &) { return {}; }
Parsed<TokenPair> parseTokenPair(const QByteArray &) { return {}; }
Parsed<Account> parseAccount(const QByteArray &) { return {}; }
Parsed<ModelOutput> parseOutput(const QJsonObject &) { return {}; }
Parsed<LeaseBatch> parseLeaseBatch(const QByteArray &) { return {}; }
Parsed<QList<BatchItemResult>> parseBatchResults(const QByteArray &) { return {}; }
std::optional<Problem> parseProblem(const QByteArray &) { return {}; }
QJsonObject decisionToJson(const Decision &) { return {}; }
QByteArray batchBody(const QList<Decision> &) { return {}; }
} // namespace fr::JsonCodec
