#pragma once

#include <QStringList>

class QSettings;

namespace fr {

// What the person set in the settings dialog besides shortcuts: the preset reject reasons of
// keys 1–9 and the lease policy (how many outputs to lease at once, for how long).
struct UiSettings {
    QStringList presetReasons = defaultPresetReasons();  // always 9 entries
    int leaseBatchSize = 50;       // 1..500 (API limit)
    int leaseMinutes = 60;         // 1..1440 (API: 60 s .. 1 day)
    // The offline session's lease (the last choice in its dialog).
    int offlineLeaseCount = 1000;  // 1..kMaxOfflineLeaseCount
    int offlineLeaseHours = 8;     // 1..24 (API: up to 1 day)
    static constexpr int kMaxOfflineLeaseCount = 2000;

    static QStringList defaultPresetReasons();
    QString presetReason(int number) const;  // 1..9; "" when out of range

    static UiSettings load(QSettings &settings);
    void save(QSettings &settings) const;
};

} // namespace fr
