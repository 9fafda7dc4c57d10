#include "SlaSummary.h"

#include <QCoreApplication>

#include <cmath>

namespace fr {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("fr::SlaFormat", text); }
} // namespace

QString formatDuration(std::optional<double> seconds)
{
    if (!seconds || !std::isfinite(*seconds))
        return QStringLiteral("—");
    const qint64 s = qint64(std::llround(std::max(0.0, *seconds)));
    if (s < 60)
        return tr("%1 s").arg(s);
    const qint64 minutes = s / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    return tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString formatPercent(std::optional<double> percent)
{
    if (!percent || !std::isfinite(*percent))
        return QStringLiteral("—");
    return tr("%1 %").arg(*percent, 0, 'f', 1);
}

} // namespace fr
