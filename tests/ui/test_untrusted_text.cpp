// Model inputs and outputs are untrusted: HTML stays literal, 1 MiB does not freeze, RTL and
// emoji survive unchanged.
#include <catch2/catch.hpp>

#include "FeedbackForm.h"
#include "PlainTextView.h"
#include "ReviewPane.h"
#include "TestUtil.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QScrollBar>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace fr;

namespace {

ModelOutput outputWith(const QString &input, const QString &text)
{
    ModelOutput output;
    output.id = QStringLiteral("id-1");
    output.modelName = QStringLiteral("<b>model</b>");
    output.input = input;
    output.output = text;
    output.confidence = 0.5;
    output.createdAt = QDateTime::currentDateTimeUtc();
    return output;
}

// No fragment of the document got a format from markup (bold, links, images, colours).
bool hasOnlyPlainFormats(const QTextDocument *document)
{
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.fontWeight() > QFont::Normal || format.isAnchor() || format.isImageFormat()
                || format.hasProperty(QTextFormat::ForegroundBrush))
                return false;
        }
    }
    return true;
}

struct Shown {
    QWidget window;
    ReviewPane *pane = new ReviewPane(&window);
    FeedbackForm *form = new FeedbackForm(&window);
    Shown()
    {
        pane->move(0, 0);
        pane->resize(900, 500);
        form->setGeometry(0, 500, 900, 300);
        window.resize(900, 800);
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
    }
    void show(const ModelOutput &output)
    {
        pane->setOutput(output);
        form->setOutput(output);
        window.repaint();  // paint now: the time a person would wait
    }
};

} // namespace

TEST_CASE("HTML in an output is shown literally, never interpreted")
{
    Shown shown;
    const QString html = QStringLiteral("<h1>Title</h1><b>bold</b> <a href=\"https://x\">link</a> <img src=\"x.png\"> "
                                        "<script>alert(1)</script> &amp; <font color=red>red</font>");
    shown.show(outputWith(html, html));
    CHECK(shown.pane->inputView()->toPlainText() == html);
    CHECK(shown.pane->outputView()->toPlainText() == html);
    CHECK(shown.form->correctionEditor()->toPlainText() == html);
    CHECK(hasOnlyPlainFormats(shown.pane->inputView()->document()));
    CHECK(hasOnlyPlainFormats(shown.pane->outputView()->document()));
    CHECK(shown.pane->headerLabel()->textFormat() == Qt::PlainText);
    CHECK(shown.pane->headerLabel()->text().contains(QStringLiteral("<b>model</b>")));
}

TEST_CASE("right-to-left text and emoji survive unchanged")
{
    Shown shown;
    const QString rtl = QStringLiteral("مرحبا بالعالم — שלום עולם 123");
    const QString emoji = QStringLiteral("Great 👍🏽🎉 👨‍👩‍👧‍👦 🏳️‍🌈 café naïve");
    shown.show(outputWith(rtl, emoji));
    CHECK(shown.pane->inputView()->toPlainText() == rtl);
    CHECK(shown.pane->outputView()->toPlainText() == emoji);
    CHECK(shown.form->correctionEditor()->toPlainText() == emoji);
}

TEST_CASE("a 1 MiB output (one line, and many lines) shows as plain text without freezing")
{
    Shown shown;
    QString oneLine;
    oneLine.reserve(1 << 20);
    while (oneLine.size() < (1 << 20))
        oneLine += QStringLiteral("<i>word</i> مرحبا 👍 ");
    QString manyLines;
    manyLines.reserve(1 << 20);
    while (manyLines.size() < (1 << 20))
        manyLines += QStringLiteral("a line of <b>model</b> output with some words\n");

    for (const QString &big : {oneLine, manyLines}) {
        // Freezing (quadratic layout, rich-text parsing) is caught by the ctest timeout; how
        // long showing takes is a bench's business, not an assertion on a shared machine.
        shown.show(outputWith(big, big));
        CHECK(shown.pane->inputView()->text() == big);
        CHECK(shown.pane->outputView()->text() == big);
        CHECK(shown.form->correction().isEmpty());
        shown.form->beginCorrection();  // E: the editor gets its copy now
        CHECK(shown.form->correctionEditor()->toPlainText() == big);
        CHECK(shown.form->correction().isEmpty());  // a copy is not an edit
    }
}

TEST_CASE("the diff of a huge edited correction degrades to a sentence instead of freezing")
{
    Shown shown;
    QString big;
    while (big.size() < 300'000)
        big += QStringLiteral("word ");
    shown.show(outputWith(QStringLiteral("in"), big));
    shown.form->beginCorrection();
    shown.form->correctionEditor()->appendPlainText(QStringLiteral("more"));
    // The debounced diff runs a moment later: wait for its sentence, not for a guessed time.
    CHECK(fr::test::waitUntil([&] { return shown.form->diffView()->toPlainText().contains(QStringLiteral("too long")); }));
}

// Before: E copied the line into an editor that wraps at words, which Qt lays out in quadratic
// time when there is no word to break at (measured: 69 s on the GUI thread for 1 MiB).
TEST_CASE("E on a 1 MiB line without a space: the correction editor wraps it anywhere, prose keeps word wrap")
{
    Shown shown;
    const QString line = QString(1 << 20, QLatin1Char('x'));
    shown.show(outputWith(QStringLiteral("in"), line));
    shown.form->beginCorrection();
    QPlainTextEdit *editor = shown.form->correctionEditor();
    CHECK(editor->wordWrapMode() == QTextOption::WrapAnywhere);
    CHECK(editor->toPlainText() == line);

    shown.show(outputWith(QStringLiteral("in"), QStringLiteral("an ordinary answer, with words")));
    shown.form->beginCorrection();
    CHECK(editor->wordWrapMode() == QTextOption::WrapAtWordBoundaryOrAnywhere);
    CHECK_FALSE(FeedbackForm::hasHugeLine(QString(10'000, QLatin1Char('y')) + QStringLiteral("\nshort")));
    CHECK(FeedbackForm::hasHugeLine(QStringLiteral("short\n") + QString(10'001, QLatin1Char('y'))));
}

TEST_CASE("a 1 MiB line without a space shows in soft pieces, is read to the end with keys, and copies whole")
{
    // Before: one 1 MiB block, laid out whole, froze the window for minutes (bench_huge_line).
    Shown shown;
    const QString line = QString(1 << 20, QLatin1Char('x')) + QStringLiteral("<end>");
    shown.show(outputWith(QStringLiteral("in"), line));
    PlainTextView *view = shown.pane->outputView();
    CHECK(view->text() == line);
    CHECK(view->document()->blockCount() > 100);  // pieces: only the visible ones are laid out
    view->setFocus();
    REQUIRE(fr::test::waitUntil([&] { return view->hasFocus(); }));
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    CHECK(view->textCursor().atEnd());
    CHECK(view->viewport()->rect().contains(view->cursorRect().center()));  // the end is on screen
    view->selectAll();
    view->copy();
    CHECK(QGuiApplication::clipboard()->text() == line);
}
