#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace fr {

// A preset reject reason (keys 1–9) is data: a stable code that travels to the backend as
// `reason_code` beside the free-text comment, the label the person reads, and whether a
// decision with it needs a comment ("Other").
struct ReasonPreset {
    QString code;   // [a-z0-9_-]{1,64}; stays when the label is edited
    QString label;
    bool needsComment = false;

    static bool isValidCode(const QString &code);
    friend bool operator==(const ReasonPreset &, const ReasonPreset &) = default;
};

// What the person set in the settings dialog besides shortcuts: the preset reject reasons of
// keys 1–9 and the lease policy (how many outputs to lease at once, for how long).
struct UiSettings {
    QList<ReasonPreset> reasons = defaultReasons();  // always 9 entries
    int leaseBatchSize = 50;       // 1..500 (API limit)
    int leaseMinutes = 60;         // 1..1440 (API: 60 s .. 1 day)
    // The offline session's lease (the last choice in its dialog).
    int offlineLeaseCount = 1000;  // 1..kMaxOfflineLeaseCount
    int offlineLeaseHours = 8;     // 1..24 (API: up to 1 day)
    static constexpr int kMaxOfflineLeaseCount = 2000;

    static QList<ReasonPreset> defaultReasons();
    ReasonPreset reason(int number) const;   // 1..9; empty when out of range
    QString presetReason(int number) const;  // its label; "" when out of range

    static UiSettings load(QSettings &settings);
    void save(QSettings &settings) const;
};

} // namespace fr
