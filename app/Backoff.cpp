#include "Backoff.h"

#include <algorithm>

namespace fr {

Backoff::Backoff(ms initial, ms cap)
    : m_initial(initial), m_cap(cap), m_random(QRandomGenerator::securelySeeded())
{
}

Backoff::ms Backoff::next(ms retryAfter)
{
    if (m_failures == 0) {
        m_current = m_initial;
    } else {
        const double factor = 2.0 + 3.0 * m_random.generateDouble();  // ×2 .. ×5
        m_current = ms(qint64(double(m_current.count()) * factor));
    }
    m_current = std::min(m_current, m_cap);
    ++m_failures;
    return std::max(m_current, retryAfter);
}

void Backoff::reset()
{
    m_failures = 0;
    m_current = ms(0);
}

} // namespace fr
