// SliceSizer: how much GUI-thread work goes in one turn of the event loop (issue 11).
#include "SliceSizer.h"

#include <catch2/catch.hpp>

using fr::SliceSizer;

TEST_CASE("the first slice is small and the next ones fit the budget")
{
    SliceSizer sizer(500, 8, 6.0);
    CHECK(sizer.next() == 8);
    sizer.took(8, 0.8);  // 0.1 ms an item: 60 fit in 6 ms
    CHECK(sizer.next() == 60);
    sizer.took(60, 6.0);
    CHECK(sizer.next() == 60);
}

TEST_CASE("a slow slice shrinks the next one at once, a fast one grows it only halfway")
{
    SliceSizer sizer(500, 8, 6.0);
    sizer.took(8, 0.8);   // 0.1 ms an item
    sizer.took(60, 30.0); // 0.5 ms an item (a commit that met a busy disk)
    CHECK(sizer.next() == 12);
    sizer.took(12, 0.12); // 0.01 ms an item: counts halfway, 0.255 ms
    CHECK(sizer.next() == 23);
}

TEST_CASE("a slice never takes nothing nor more than the most")
{
    SliceSizer sizer(100, 8, 6.0);
    sizer.took(8, 800.0);  // 100 ms an item
    CHECK(sizer.next() == 1);
    SliceSizer free(100, 8, 6.0);
    free.took(8, 0.0);
    CHECK(free.next() == 100);
    SliceSizer tiny(0, 0, 6.0);
    CHECK(tiny.next() == 1);
    tiny.took(0, 5.0);  // an empty slice teaches nothing
    CHECK(tiny.next() == 1);
}
