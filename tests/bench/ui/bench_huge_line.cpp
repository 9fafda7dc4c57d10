// How long the window stops answering when an output of 1 MiB on one line is shown (issue 10:
// "no pause over 100 ms"). The real MainWindow, shown at 1366×768, gets outputs of several kinds
// through showOutput() — what the triage controller does for a leased output — and the bench
// prints the synchronous time (show + paint) and the longest event-loop gap in the two seconds
// after (layout work deferred to timers would show there). Then it reads the output to the end
// with Ctrl+End and reports that too. Prints figures; asserts nothing.
#include "ConflictsModel.h"
#include "FeedbackForm.h"
#include "MainWindow.h"
#include "PlainTextView.h"
#include "QueueModel.h"
#include "ReviewPane.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace fr;

namespace {

QString repeatedTo(const QString &piece, qsizetype size)
{
    QString text;
    text.reserve(size + piece.size());
    while (text.size() < size)
        text += piece;
    return text;
}

ModelOutput outputWith(const QString &input, const QString &text)
{
    ModelOutput output;
    output.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    output.modelName = QStringLiteral("bench");
    output.input = input;
    output.output = text;
    output.confidence = 0.5;
    output.createdAt = QDateTime::currentDateTimeUtc();
    return output;
}

double msSince(const QElapsedTimer &timer) { return double(timer.nsecsElapsed()) / 1e6; }

// The longest time the event loop did not come round during `ms`: what a person feels as a pause.
double longestGap(int ms)
{
    QElapsedTimer total, sinceTick;
    total.start();
    sinceTick.start();
    double longest = 0;
    QTimer tick;
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longest = std::max(longest, msSince(sinceTick));
        sinceTick.restart();
    });
    tick.start();
    while (total.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return longest;
}

struct Figures {
    double show = 0, gap = 0;
};

Figures measure(MainWindow &window, const ModelOutput &output)
{
    window.showOutput(std::nullopt);
    longestGap(200);
    QElapsedTimer timer;
    timer.start();
    window.showOutput(output);
    window.repaint();
    QCoreApplication::processEvents();
    Figures figures;
    figures.show = msSince(timer);
    figures.gap = longestGap(2000);
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FeedbackReviewerBench"));
    QApplication::setApplicationName(QStringLiteral("bench-huge-line"));
    QSettings().clear();

    QueueModel queue;
    QueueFilterModel order;
    order.setSourceModel(&queue);
    ConflictsModel conflicts;
    MainWindow window(&queue, &order, &conflicts);
    window.resize(1366, 768);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    const qsizetype MiB = 1 << 20;
    const struct {
        const char *name;
        QString text;
    } cases[] = {
        {"words, one line", repeatedTo(QStringLiteral("<i>word</i> مرحبا 👍 "), MiB)},
        {"no spaces, one line", QString(MiB, QLatin1Char('x'))},
        {"JSON, one line", repeatedTo(QStringLiteral("{\"k\":\"value\",\"n\":[1,2,3]},"), MiB)},
        {"many short lines", repeatedTo(QStringLiteral("a line of model output with some words\n"), MiB)},
    };
    std::printf("1 MiB texts as input and output of the shown output, window 1366x768\n");
    std::printf("%-22s %12s %16s %14s %16s\n", "text", "show (ms)", "longest gap (ms)", "Ctrl+End (ms)",
                "E: edit (ms)");
    for (const auto &c : cases) {
        const Figures f = measure(window, outputWith(c.text, c.text));
        PlainTextView *view = window.reviewPane()->outputView();
        QElapsedTimer timer;
        timer.start();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        view->repaint();
        QCoreApplication::processEvents();
        const double toEnd = msSince(timer);
        // E: the output copied into the correction editor and laid out there.
        timer.restart();
        window.feedbackForm()->beginCorrection();
        window.repaint();
        QCoreApplication::processEvents();
        const double edit = msSince(timer);
        std::printf("%-22s %12.1f %16.1f %14.1f %16.1f\n", c.name, f.show, f.gap, toEnd, edit);
        std::fflush(stdout);
    }
    QSettings().clear();
    return 0;
}
