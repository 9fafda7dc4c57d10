#pragma once

#include <QRandomGenerator>

#include <chrono>

namespace fr {

// How long to wait before the next attempt after a transient failure: grows by a random factor
// between ×2 and ×5 per failure (the jitter keeps many clients from retrying in step) up to a
// cap; reset() after a success. A server's Retry-After wins when it asks for longer.
class Backoff
{
public:
    using ms = std::chrono::milliseconds;
    explicit Backoff(ms initial = ms(1000), ms cap = ms(5 * 60 * 1000));

    ms next(ms retryAfter = ms(-1));  // the delay for this failure; advances the state
    ms current() const { return m_current; }  // the last delay handed out; 0 after reset
    int failures() const { return m_failures; }
    void reset();
    void setSeed(quint32 seed) { m_random.seed(seed); }
    void setLimits(ms initial, ms cap) { m_initial = initial; m_cap = cap; }

private:
    ms m_initial;
    ms m_cap;
    ms m_current{0};
    int m_failures = 0;
    QRandomGenerator m_random;
};

} // namespace fr
