#include "Decision.h"

#include <array>
#include <utility>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

// The one table both directions read, so the texts cannot drift apart. These texts are stored
// in the local database: changing one needs a migration.
const std::array<std::pair<OutboxState, QStringView>, 7> &stateNames()
{
    static const std::array<std::pair<OutboxState, QStringView>, 7> names{{
        {OutboxState::Queued, u"queued"},
        {OutboxState::Sent, u"sent"},
        {OutboxState::Conflict, u"conflict"},
        {OutboxState::Rejected, u"rejected"},
        {OutboxState::RetractQueued, u"retract_queued"},
        {OutboxState::Retracted, u"retracted"},
        {OutboxState::Discarded, u"discarded"},
    }};
    return names;
}

} // namespace

QString toString(OutboxState state)
{
    for (const auto &[value, name] : stateNames()) {
        if (value == state)
            return name.toString();
    }
    return {};
}

bool fromString(const QString &text, OutboxState *state)
{
    for (const auto &[value, name] : stateNames()) {
        if (text == name) {  // exact: "Queued" or " queued" are not states
            if (state)
                *state = value;
            return true;
        }
    }
    return false;
}

} // namespace fr
