// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Presentation zoom: one factor (100 % to 200 % in steps) for the views an audience
// reads from afar: the fan-out diagram, the session cards and the timeline. Every
// window holds one; the factor is remembered in QSettings under settingsKey(). The
// views take it through a "zoom" property, so this file knows none of them.
#pragma once

#include <QObject>
#include <QPointer>
#include <QVector>

class QAction;
class QWidget;

class PresentationZoom : public QObject
{
    Q_OBJECT
public:
    explicit PresentationZoom(QObject *parent = nullptr);

    static QVector<double> steps() { return { 1.0, 1.25, 1.5, 1.75, 2.0 }; }
    static QString settingsKey() { return QStringLiteral("view/zoom"); }
    // The factor last saved under settingsKey(), snapped to a step; 1 when none.
    static double remembered();
    // The nearest step to factor.
    static double snapped(double factor);
    // Sets "zoom" on root and every widget under it that has such a property.
    static void apply(QWidget *root, double factor);
    // For a window without the lab's View menu (Compare, external server): a zoom of its
    // own at the remembered factor, its shortcuts on the window, tracking all of it.
    static PresentationZoom *attachTo(QWidget *window);

    double factor() const { return m_factor; }
    // "150 %", as the menu shows it.
    QString percentText() const;

    // Zoom in (Ctrl++ and Ctrl+=), out (Ctrl+-) and reset (Ctrl+0): for a View menu, or
    // for QWidget::addActions() in a window without menus.
    QList<QAction *> actions() const { return { m_in, m_out, m_reset }; }
    QAction *zoomInAction() const { return m_in; }
    QAction *zoomOutAction() const { return m_out; }
    QAction *resetAction() const { return m_reset; }

    // Applies the factor to root's widgets now, at every change, and to the widgets
    // later added straight under root (a new session card).
    void track(QWidget *root);

public slots:
    void setFactor(double factor);
    void zoomIn();
    void zoomOut();
    void reset();

signals:
    void zoomChanged(double factor);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateActions();

    double m_factor = 1.0;
    QAction *m_in = nullptr;
    QAction *m_out = nullptr;
    QAction *m_reset = nullptr;
    QVector<QPointer<QWidget>> m_roots;
};
