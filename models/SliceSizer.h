#pragma once

#include <QtGlobal>

namespace fr {

// How many items the next slice of GUI-thread work takes, so that one slice (its transaction
// and the news it sends included) stays within a budget well under a frame. Sized from what the
// slices before it cost per item: a fixed count was 5 ms on an idle machine with a small cache
// and 60 ms on a busy one with 100,000 cached outputs (issue 11). One policy for every chain of
// slices (batch answers, leased pages, released outputs) and for StoreWriter.
class SliceSizer
{
public:
    static constexpr double kBudgetMs = 6.0;  // leaves room in a 16 ms frame for a key and a paint

    explicit SliceSizer(qsizetype maxSize, qsizetype firstSize = 8, double budgetMs = kBudgetMs);

    qsizetype next() const;                    // 1 … maxSize
    void took(qsizetype items, double ms);      // what the last slice of `items` cost

private:
    qsizetype m_maxSize;
    qsizetype m_firstSize;
    double m_budgetMs;
    double m_msPerItem = -1.0;  // unknown until the first slice was measured
};

} // namespace fr
