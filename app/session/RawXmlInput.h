// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A multi-line editor that sends one stanza, exactly as written, from a session
// (Ctrl+Return or the Send button). What is not well-formed XML is refused with
// the parser's message and its line and column, and nothing is sent.
#pragma once

#include <QWidget>

class LabSession;
class QLabel;
class QPlainTextEdit;
class QPushButton;

class RawXmlInput : public QWidget
{
    Q_OBJECT
public:
    explicit RawXmlInput(LabSession *session, QWidget *parent = nullptr);

    QString errorText() const;
    // Empty when xml is one well-formed element, else why not.
    static QString check(const QString &xml);

public slots:
    // True when the stanza went out.
    bool send();

signals:
    void sent(const QString &xml);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showError(const QString &text);
    void refresh();

    LabSession *const m_session;
    QPlainTextEdit *m_editor = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_error = nullptr;
};
