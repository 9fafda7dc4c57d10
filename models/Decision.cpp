#include "Decision.h"

namespace fr {
QString toString(OutboxState) { return {}; }
bool fromString(const QString &, OutboxState *) { return false; }
} // namespace fr
