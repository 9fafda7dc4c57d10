#include "Backoff.h"

#include <catch2/catch.hpp>

using fr::Backoff;
using ms = std::chrono::milliseconds;

TEST_CASE("backoff grows by x2..x5 per failure up to the cap and resets")
{
    Backoff backoff(ms(1000), ms(300000));
    backoff.setSeed(42);
    ms previous = backoff.next();
    CHECK(previous == ms(1000));
    for (int i = 0; i < 20; ++i) {
        const ms delay = backoff.next();
        CHECK(delay >= std::min(previous * 2, ms(300000)));
        CHECK(delay <= std::min(previous * 5, ms(300000)));
        previous = delay;
    }
    CHECK(previous == ms(300000));
    backoff.reset();
    CHECK(backoff.current() == ms(0));
    CHECK(backoff.next() == ms(1000));
}

TEST_CASE("a longer Retry-After wins over the backoff")
{
    Backoff backoff(ms(1000), ms(300000));
    CHECK(backoff.next(ms(120000)) == ms(120000));
    CHECK(backoff.next(ms(1)) >= ms(2000));
}
