#pragma once

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace fr {

// A window never opens larger than the screen it opens on (1366×768, or a scale factor of 2
// that halves it): `preferred`, cut to the available area less room for the frame.
inline void fitToScreen(QWidget *window, QSize preferred)
{
    QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen) {
        window->resize(preferred);
        return;
    }
    const QRect available = screen->availableGeometry();
    const QSize room = available.size() - QSize(16, 48);
    window->resize(preferred.boundedTo(room));
}

} // namespace fr
