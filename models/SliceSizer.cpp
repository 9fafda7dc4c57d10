#include "SliceSizer.h"

#include <algorithm>
#include <cmath>

namespace fr {

SliceSizer::SliceSizer(qsizetype maxSize, qsizetype firstSize, double budgetMs)
    : m_maxSize(std::max<qsizetype>(1, maxSize)),
      m_firstSize(std::clamp<qsizetype>(firstSize, 1, m_maxSize)),
      m_budgetMs(budgetMs)
{
}

qsizetype SliceSizer::next() const
{
    if (m_msPerItem < 0)
        return m_firstSize;
    if (m_msPerItem == 0)
        return m_maxSize;
    const double fits = std::floor(m_budgetMs / m_msPerItem);
    return std::clamp<qsizetype>(qsizetype(std::min(fits, double(m_maxSize))), 1, m_maxSize);
}

void SliceSizer::took(qsizetype items, double ms)
{
    if (items <= 0)
        return;
    const double perItem = std::max(0.0, ms) / double(items);
    // A slower slice counts at once (the next one must not stall); a faster one only halfway
    // (one lucky slice must not triple the next).
    m_msPerItem = m_msPerItem < 0 || perItem > m_msPerItem ? perItem : (m_msPerItem + perItem) / 2;
}

} // namespace fr
