// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ui/PresentationZoom.h"

#include "ui/LabSettings.h"

#include <QAction>
#include <QChildEvent>
#include <QSettings>
#include <QWidget>
#include <cmath>

PresentationZoom::PresentationZoom(QObject *parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("presentationZoom"));
    m_in = new QAction(tr("Zoom in"), this);
    m_in->setObjectName(QStringLiteral("zoomIn"));
    // Ctrl+= too: on most keyboards "+" needs Shift.
    m_in->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal) });
    connect(m_in, &QAction::triggered, this, &PresentationZoom::zoomIn);
    m_out = new QAction(tr("Zoom out"), this);
    m_out->setObjectName(QStringLiteral("zoomOut"));
    m_out->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    connect(m_out, &QAction::triggered, this, &PresentationZoom::zoomOut);
    m_reset = new QAction(tr("Reset zoom"), this);
    m_reset->setObjectName(QStringLiteral("zoomReset"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_reset, &QAction::triggered, this, &PresentationZoom::reset);
    updateActions();
}

double PresentationZoom::remembered()
{
    const QSettings settings(LabSettings::organization(), LabSettings::application());
    bool ok = false;
    const double factor = settings.value(settingsKey()).toDouble(&ok);
    return ok ? snapped(factor) : 1.0;
}

double PresentationZoom::snapped(double factor)
{
    double best = 1.0;
    for (double step : steps()) {
        if (std::abs(step - factor) < std::abs(best - factor))
            best = step;
    }
    return best;
}

void PresentationZoom::apply(QWidget *root, double factor)
{
    if (!root)
        return;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        // Declared properties only: setProperty() would add a dynamic one to the others.
        if (widget->metaObject()->indexOfProperty("zoom") >= 0)
            widget->setProperty("zoom", factor);
    }
}

PresentationZoom *PresentationZoom::attachTo(QWidget *window)
{
    auto *zoom = new PresentationZoom(window);
    zoom->setFactor(remembered());
    window->addActions(zoom->actions());
    zoom->track(window);
    return zoom;
}

QString PresentationZoom::percentText() const
{
    return tr("%1 %").arg(qRound(m_factor * 100));
}

void PresentationZoom::track(QWidget *root)
{
    if (!root || m_roots.contains(root))
        return;
    m_roots << root;
    root->installEventFilter(this);
    apply(root, m_factor);
}

void PresentationZoom::setFactor(double factor)
{
    factor = snapped(factor);
    if (qFuzzyCompare(factor, m_factor))
        return;
    m_factor = factor;
    updateActions();
    for (const QPointer<QWidget> &root : std::as_const(m_roots))
        apply(root, m_factor);
    emit zoomChanged(m_factor);
}

void PresentationZoom::zoomIn()
{
    for (double step : steps()) {
        if (step > m_factor + 0.001) {
            setFactor(step);
            return;
        }
    }
}

void PresentationZoom::zoomOut()
{
    const QVector<double> all = steps();
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (*it < m_factor - 0.001) {
            setFactor(*it);
            return;
        }
    }
}

void PresentationZoom::reset()
{
    setFactor(1.0);
}

bool PresentationZoom::eventFilter(QObject *watched, QEvent *event)
{
    // Polished, a new child is fully built: it takes the factor before its first paint.
    if (event->type() == QEvent::ChildPolished) {
        if (auto *child = qobject_cast<QWidget *>(static_cast<QChildEvent *>(event)->child()))
            apply(child, m_factor);
    }
    return QObject::eventFilter(watched, event);
}

void PresentationZoom::updateActions()
{
    m_in->setEnabled(m_factor < steps().constLast() - 0.001);
    m_out->setEnabled(m_factor > steps().constFirst() + 0.001);
    m_reset->setEnabled(!qFuzzyCompare(m_factor, 1.0));
    const QString now = tr("Presentation zoom: %1").arg(percentText());
    for (QAction *action : { m_in, m_out, m_reset })
        action->setToolTip(now);
}
