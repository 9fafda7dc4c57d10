#include "Decision.h"

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

TEST_CASE("Outbox states round-trip through their stored text")
{
    for (OutboxState state : {OutboxState::Queued, OutboxState::Sent, OutboxState::Conflict, OutboxState::Rejected,
                              OutboxState::RetractQueued, OutboxState::Retracted}) {
        OutboxState parsed = OutboxState::Retracted == state ? OutboxState::Queued : OutboxState::Retracted;
        REQUIRE(fromString(toString(state), &parsed));
        CHECK(parsed == state);
    }
    CHECK(toString(OutboxState::RetractQueued) == u"retract_queued"_s);
}

TEST_CASE("Unknown outbox state text is refused, not guessed")
{
    OutboxState state = OutboxState::Sent;
    for (const QString &text : {u"Queued"_s, u" queued"_s, u"queued "_s, u""_s, u"retract-queued"_s, u"done"_s})
        CHECK_FALSE(fromString(text, &state));
    CHECK(state == OutboxState::Sent);  // untouched on failure
}
