#include "UiSettings.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>

#include <algorithm>

namespace fr {

namespace {

using namespace Qt::StringLiterals;

constexpr int kPresetCount = 9;

QString reasonKey(int number, const char *field)
{
    return u"review/reasons/%1/%2"_s.arg(number).arg(QLatin1StringView(field));
}

} // namespace

bool ReasonPreset::isValidCode(const QString &code)
{
    static const QRegularExpression pattern(u"\\A[a-z0-9_-]{1,64}\\z"_s);  // the backend's rule
    return pattern.match(code).hasMatch();
}

QList<ReasonPreset> UiSettings::defaultReasons()
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("UiSettings", text); };
    // The codes are what reports group by: they stay when a person rewords a label.
    return {
        {u"factually_wrong"_s, tr("Factually wrong"), false},
        {u"wrong_label"_s, tr("Wrong label"), false},
        {u"incomplete"_s, tr("Incomplete answer"), false},
        {u"harmful"_s, tr("Harmful or unsafe"), false},
        {u"off_topic"_s, tr("Off topic"), false},
        {u"wrong_language"_s, tr("Wrong language"), false},
        {u"formatting"_s, tr("Formatting broken"), false},
        {u"hallucinated_source"_s, tr("Hallucinated source"), false},
        {u"other"_s, tr("Other (see comment)"), true},
    };
}

ReasonPreset UiSettings::reason(int number) const
{
    return (number >= 1 && number <= reasons.size()) ? reasons.at(number - 1) : ReasonPreset{};
}

QString UiSettings::presetReason(int number) const { return reason(number).label; }

UiSettings UiSettings::load(QSettings &settings)
{
    UiSettings result;
    // Before reasons were data only the labels were kept: they keep the default codes.
    const QStringList oldLabels = settings.value(u"review/presetReasons"_s).toStringList();
    for (int n = 1; n <= kPresetCount; ++n) {
        ReasonPreset &preset = result.reasons[n - 1];
        if (n <= oldLabels.size() && !oldLabels.at(n - 1).isEmpty())
            preset.label = oldLabels.at(n - 1);
        const QString code = settings.value(reasonKey(n, "code")).toString();
        if (ReasonPreset::isValidCode(code))
            preset.code = code;
        preset.label = settings.value(reasonKey(n, "label"), preset.label).toString();
        preset.needsComment = settings.value(reasonKey(n, "needsComment"), preset.needsComment).toBool();
    }
    result.leaseBatchSize = std::clamp(settings.value(u"lease/batchSize"_s, 50).toInt(), 1, 500);
    result.leaseMinutes = std::clamp(settings.value(u"lease/minutes"_s, 60).toInt(), 1, 1440);
    result.offlineLeaseCount = std::clamp(settings.value(u"offlineLease/count"_s, 1000).toInt(), 1,
                                          kMaxOfflineLeaseCount);
    result.offlineLeaseHours = std::clamp(settings.value(u"offlineLease/hours"_s, 8).toInt(), 1, 24);
    return result;
}

void UiSettings::save(QSettings &settings) const
{
    settings.remove(u"review/presetReasons"_s);
    for (int n = 1; n <= std::min<int>(kPresetCount, int(reasons.size())); ++n) {
        settings.setValue(reasonKey(n, "code"), reasons.at(n - 1).code);
        settings.setValue(reasonKey(n, "label"), reasons.at(n - 1).label);
        settings.setValue(reasonKey(n, "needsComment"), reasons.at(n - 1).needsComment);
    }
    settings.setValue(u"lease/batchSize"_s, leaseBatchSize);
    settings.setValue(u"lease/minutes"_s, leaseMinutes);
    settings.setValue(u"offlineLease/count"_s, offlineLeaseCount);
    settings.setValue(u"offlineLease/hours"_s, offlineLeaseHours);
}

} // namespace fr
