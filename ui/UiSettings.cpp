#include "UiSettings.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

namespace fr {

QStringList UiSettings::defaultPresetReasons()
{
    // Stored as the person's own words once edited; these are only the first suggestions.
    return {
        QCoreApplication::translate("UiSettings", "Factually wrong"),
        QCoreApplication::translate("UiSettings", "Wrong label"),
        QCoreApplication::translate("UiSettings", "Incomplete answer"),
        QCoreApplication::translate("UiSettings", "Harmful or unsafe"),
        QCoreApplication::translate("UiSettings", "Off topic"),
        QCoreApplication::translate("UiSettings", "Wrong language"),
        QCoreApplication::translate("UiSettings", "Formatting broken"),
        QCoreApplication::translate("UiSettings", "Hallucinated source"),
        QCoreApplication::translate("UiSettings", "Other (see comment)"),
    };
}

QString UiSettings::presetReason(int number) const
{
    return (number >= 1 && number <= presetReasons.size()) ? presetReasons.at(number - 1) : QString();
}

UiSettings UiSettings::load(QSettings &settings)
{
    UiSettings result;
    QStringList reasons = settings.value(QStringLiteral("review/presetReasons"), result.presetReasons).toStringList();
    while (reasons.size() < 9)
        reasons.append(result.presetReasons.at(reasons.size()));
    result.presetReasons = reasons.mid(0, 9);
    result.leaseBatchSize = std::clamp(settings.value(QStringLiteral("lease/batchSize"), 50).toInt(), 1, 500);
    result.leaseMinutes = std::clamp(settings.value(QStringLiteral("lease/minutes"), 60).toInt(), 1, 1440);
    result.offlineLeaseCount = std::clamp(settings.value(QStringLiteral("offlineLease/count"), 1000).toInt(), 1,
                                          kMaxOfflineLeaseCount);
    result.offlineLeaseHours = std::clamp(settings.value(QStringLiteral("offlineLease/hours"), 8).toInt(), 1, 24);
    return result;
}

void UiSettings::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("review/presetReasons"), presetReasons);
    settings.setValue(QStringLiteral("lease/batchSize"), leaseBatchSize);
    settings.setValue(QStringLiteral("lease/minutes"), leaseMinutes);
    settings.setValue(QStringLiteral("offlineLease/count"), offlineLeaseCount);
    settings.setValue(QStringLiteral("offlineLease/hours"), offlineLeaseHours);
}

} // namespace fr
