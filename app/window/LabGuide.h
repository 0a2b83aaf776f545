// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Help → Guide (F1): what each view of the lab shows and every keyboard shortcut.
// The shortcuts are read from the window's menus (and from the buttons and actions
// elsewhere in it) each time the guide is shown, so the list never goes stale when
// an action or a shortcut is added.
#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QString>
#include <QVector>

class QAction;
class QMainWindow;
class QTextBrowser;

class LabGuide : public QDialog
{
    Q_OBJECT
public:
    struct Shortcut
    {
        QString where; // "Lab › Run demo", "Scenario dock › Step"
        QString keys; // native text, several joined by ", "
    };

    explicit LabGuide(QMainWindow *window);

    // Help → Guide with QKeySequence::HelpContents (F1); opens or raises the window's guide.
    static QAction *createAction(QMainWindow *window);
    // The window's one guide, created on first use; shown non-modal and raised.
    static LabGuide *open(QMainWindow *window);

    // Every shortcut of the window: the menu bar's menus, recursively and in order, then
    // actions and buttons with a shortcut that no menu lists.
    static QVector<Shortcut> shortcuts(const QMainWindow *window);
    // "&Run && stop" -> "Run & stop".
    static QString plainText(const QString &text);

    QTextBrowser *browser() const { return m_browser; }
    // The guide as HTML, with the shortcut table as it is now.
    QString html() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    QMainWindow *const m_window;
    QTextBrowser *m_browser;
};
