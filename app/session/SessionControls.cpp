// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/SessionControls.h"

#include "Jid.h"
#include "core/host/LabServerHost.h"
#include "core/session/LabSession.h"
#include "core/session/StanzaSummary.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSslCertificate>
#include <QTimer>

namespace {
QPushButton *button(const QString &text, const QString &name, const QString &tip)
{
    auto *b = new QPushButton(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    return b;
}

QLabel *caption(const QString &text)
{
    auto *label = new ElidedLabel(text);
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    label->setPalette(muted);
    return label;
}
} // namespace

SessionControls::SessionControls(LabSession *session, LabServerHost *host, const QString &roomJid,
                                 QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_host(host)
    , m_room(roomJid)
{
    m_state = new ElidedLabel;
    m_state->setObjectName(QStringLiteral("sessionState"));
    m_nick = new QLineEdit;
    m_nick->setObjectName(QStringLiteral("nick"));
    m_nick->setPlaceholderText(tr("nick"));
    m_join = button(tr("Join"), QStringLiteral("join"), tr("Join %1 with this nick").arg(roomJid));
    m_leave = button(tr("Leave"), QStringLiteral("leave"), tr("Leave %1").arg(roomJid));
    m_changeNick = button(tr("Change nick"), QStringLiteral("changeNick"), tr("Ask the room for this nick"));

    m_show = new QComboBox;
    m_show->setObjectName(QStringLiteral("show"));
    for (const QString &show : { QStringLiteral("online"), QStringLiteral("chat"), QStringLiteral("away"),
                                 QStringLiteral("xa"), QStringLiteral("dnd") })
        m_show->addItem(show, show);
    m_status = new QLineEdit;
    m_status->setObjectName(QStringLiteral("statusText"));
    m_status->setPlaceholderText(tr("status text"));
    m_setPresence
        = button(tr("Set presence"), QStringLiteral("setPresence"), tr("Send this presence to the room"));

    m_drop = button(tr("Drop connection"), QStringLiteral("drop"),
                    tr("The server ends this session without any presence and without resumption"));
    m_lose = button(tr("Lose network"), QStringLiteral("lose"),
                    tr("Cut the client's socket, as a lost network would: the server keeps the session "
                       "in its rooms and queues what it is sent, until it resumes (XEP-0198)"));
    m_resume = button(tr("Resume"), QStringLiteral("resume"),
                      tr("The same client connects again and resumes its stream: it gets what was "
                         "queued, the room sees nothing"));
    m_reconnect = button(tr("Reconnect"), QStringLiteral("reconnect"), tr("Log in again"));
    m_security = new ElidedLabel;
    m_security->setObjectName(QStringLiteral("security"));
    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &SessionControls::tick);
    m_disconnect = button(tr("Log out"), QStringLiteral("disconnect"), tr("A clean logout"));
    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("accountMode"));
    m_mode->addItem(tr("Account-level"));
    m_mode->addItem(tr("Classic"));
    m_mode->setToolTip(tr("How %1's next joins are carried out").arg(session->account()));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(6);
    grid->addWidget(caption(tr("Room")), 0, 0);
    auto *roomRow = new QHBoxLayout;
    roomRow->addWidget(m_nick, 1);
    roomRow->addWidget(m_join);
    roomRow->addWidget(m_changeNick);
    roomRow->addWidget(m_leave);
    grid->addLayout(roomRow, 0, 1);
    grid->addWidget(caption(tr("Presence")), 1, 0);
    auto *presenceRow = new QHBoxLayout;
    presenceRow->addWidget(m_show);
    presenceRow->addWidget(m_status, 1);
    presenceRow->addWidget(m_setPresence);
    grid->addLayout(presenceRow, 1, 1);
    grid->addWidget(caption(tr("Connection")), 2, 0);
    auto *connectionRow = new QHBoxLayout;
    connectionRow->addWidget(m_state, 1);
    connectionRow->addWidget(m_reconnect);
    connectionRow->addWidget(m_disconnect);
    grid->addLayout(connectionRow, 2, 1);
    // The two ways a connection goes, side by side, and the way back from the second;
    // under the captions too, so the dock stays narrow.
    auto *cutRow = new QHBoxLayout;
    cutRow->addWidget(m_drop);
    cutRow->addWidget(m_lose);
    cutRow->addWidget(m_resume);
    cutRow->addStretch(1);
    grid->addLayout(cutRow, 3, 0, 1, 2);
    grid->addWidget(caption(tr("Stream")), 4, 0);
    grid->addWidget(m_security, 4, 1);
    grid->addWidget(caption(tr("Account")), 5, 0);
    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_mode);
    modeRow->addWidget(caption(tr("join mode of %1").arg(session->account())), 1);
    grid->addLayout(modeRow, 5, 1);
    grid->setColumnStretch(1, 1);
    // Buttons as narrow as their text (not the style's 80 pixels): the dock stays narrow
    // enough for six session cards beside it at 1400 pixels.
    for (QPushButton *b : findChildren<QPushButton *>())
        b->setMinimumWidth(b->fontMetrics().horizontalAdvance(b->text()) + 20);
    // The captions keep their width; the mode's explanation may end in "…".
    for (int row = 0; row < grid->rowCount(); ++row) {
        if (QLayoutItem *item = grid->itemAtPosition(row, 0)) {
            if (auto *label = qobject_cast<QLabel *>(item->widget()))
                label->setMinimumWidth(label->sizeHint().width());
        }
    }

    connect(m_join, &QPushButton::clicked, this, &SessionControls::join);
    connect(m_leave, &QPushButton::clicked, this, &SessionControls::leave);
    connect(m_changeNick, &QPushButton::clicked, this, &SessionControls::changeNick);
    connect(m_nick, &QLineEdit::returnPressed, this, [this] {
        if (m_session->isJoined(m_room))
            changeNick();
        else
            join();
    });
    // textEdited, not textChanged: only what the user types stops the nick following the room.
    connect(m_nick, &QLineEdit::textEdited, this, [this] {
        m_nickEdited = true;
        refresh();
    });
    connect(m_setPresence, &QPushButton::clicked, this, &SessionControls::setPresence);
    connect(m_status, &QLineEdit::returnPressed, this, &SessionControls::setPresence);
    connect(m_drop, &QPushButton::clicked, this, &SessionControls::drop);
    connect(m_lose, &QPushButton::clicked, this, &SessionControls::loseNetwork);
    connect(m_resume, &QPushButton::clicked, this, &SessionControls::resume);
    connect(m_reconnect, &QPushButton::clicked, this, &SessionControls::reconnect);
    connect(m_disconnect, &QPushButton::clicked, m_session, &LabSession::disconnectFromServer);
    connect(m_mode, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        m_host->setAccountJoinMode(m_session->user(),
                                   index == 0 ? JoinMode::AccountLevel : JoinMode::Classic);
    });
    connect(m_host, &LabServerHost::accountJoinModeChanged, this, &SessionControls::refresh);
    connect(m_host, &LabServerHost::joinModeChanged, this, &SessionControls::refresh);
    connect(m_session, &LabSession::changed, this, &SessionControls::refresh);
    // A nick typed for a room the session left, or for a server that is gone, is stale:
    // the field follows the suggestion again.
    const auto forgetTypedNick = [this] {
        m_nickEdited = false;
        refresh();
    };
    connect(m_host, &LabServerHost::restarted, this, forgetTypedNick);
    connect(m_session, &LabSession::joinedChanged, this,
            [this, forgetTypedNick](const QString &room, bool joined) {
                if (room == m_room && !joined)
                    forgetTypedNick();
            });
    refresh();
}

QString SessionControls::suggestedNick() const
{
    // As LabWindow::nickFor: one nick per account, or one per session in classic mode.
    if (m_host->accountJoinMode(m_session->user()) == JoinMode::AccountLevel)
        return m_session->user();
    return m_session->user() + QLatin1Char('-') + m_session->resource();
}

void SessionControls::join()
{
    const QString nick = m_nick->text().trimmed();
    m_session->join(m_room, nick.isEmpty() ? suggestedNick() : nick);
}

void SessionControls::leave()
{
    m_session->leave(m_room);
}

void SessionControls::changeNick()
{
    const QString nick = m_nick->text().trimmed();
    if (!m_session->isJoined(m_room) || nick.isEmpty() || nick == m_session->nick(m_room))
        return;
    // XEP-0045 §7.6: presence to the new occupant JID, without the MUC payload.
    m_session->sendXml(QStringLiteral("<presence to=\"%1\"/>").arg(Jid::full(m_room, nick).toHtmlEscaped()));
}

void SessionControls::setPresence()
{
    if (!m_session->isJoined(m_room))
        return;
    const QString show = m_show->currentData().toString();
    const QString status = m_status->text().trimmed();
    QString payload;
    if (show != QLatin1String("online"))
        payload += QStringLiteral("<show>%1</show>").arg(show);
    if (!status.isEmpty())
        payload += QStringLiteral("<status>%1</status>").arg(status.toHtmlEscaped());
    m_session->sendXml(QStringLiteral("<presence to=\"%1\">%2</presence>")
                           .arg(Jid::full(m_room, m_session->nick(m_room)).toHtmlEscaped(), payload));
}

void SessionControls::drop()
{
    m_host->dropSession(m_session->jid());
}

void SessionControls::loseNetwork()
{
    m_session->loseNetwork();
}

void SessionControls::resume()
{
    if (m_session->isOffline() && m_session->isNetworkLost())
        m_host->connectSession(m_session);
}

void SessionControls::reconnect()
{
    if (m_session->isOffline())
        m_host->connectSession(m_session);
}

void SessionControls::tick()
{
    if (!m_session->isDetached()) {
        m_countdown->stop();
        return;
    }
    refresh();
}

void SessionControls::refresh()
{
    const bool connected = m_session->isConnected();
    const bool offline = m_session->isOffline();
    const bool joined = m_session->isJoined(m_room);
    if (!m_nickEdited) {
        const QString nick = joined ? m_session->nick(m_room) : suggestedNick();
        if (m_nick->text() != nick)
            m_nick->setText(nick);
    }
    const QString nick = m_nick->text().trimmed();
    m_join->setEnabled(connected && !joined);
    m_leave->setEnabled(joined);
    m_changeNick->setEnabled(joined && !nick.isEmpty() && nick != m_session->nick(m_room));
    m_show->setEnabled(joined);
    m_status->setEnabled(joined);
    m_setPresence->setEnabled(joined);
    const bool lost = m_session->isNetworkLost();
    const bool detached = m_session->isDetached();
    m_drop->setEnabled(connected);
    m_lose->setEnabled(connected);
    m_disconnect->setEnabled(connected);
    // After a lost network the same client resumes; otherwise it logs in anew.
    m_resume->setEnabled(offline && lost);
    m_reconnect->setEnabled(offline && !lost);
    m_mode->setCurrentIndex(m_host->accountJoinMode(m_session->user()) == JoinMode::AccountLevel ? 0 : 1);
    QString state;
    if (connected)
        state = joined
            ? tr("online, in %1 as %2").arg(StanzaSummary::shortJid(m_room), m_session->nick(m_room))
            : tr("online");
    else if (detached && offline)
        state = tr("detached \u00b7 resumes within %1")
                    .arg(LabSession::countdownText(m_session->resumeSecondsLeft()));
    else if (lost && offline)
        state = tr("network lost");
    else if (detached || lost)
        state = tr("resuming\u2026");
    else
        state = offline ? tr("offline") : tr("connecting\u2026");
    m_state->setText(state);
    if (detached && !m_countdown->isActive())
        m_countdown->start();

    if (connected) {
        m_security->setText(m_session->securitySummary());
        // Refreshed on every stanza: the fingerprint is worked out once per certificate.
        const QSslCertificate certificate = m_session->peerCertificate();
        if (certificate != m_explainedCertificate || m_certificateExplanation.isEmpty()) {
            m_explainedCertificate = certificate;
            m_certificateExplanation = certificate.isNull()
                ? tr("This stream is not encrypted")
                : tr("The server's certificate, the only one this session trusts:\nSHA-256 %1")
                      .arg(QString::fromLatin1(
                          certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper()));
        }
        m_security->setExplanation(m_certificateExplanation);
    } else {
        m_security->setText(detached   ? tr("kept by the server for resumption")
                                : lost ? tr("lost; resumable if the server kept it")
                                       : tr("not connected"));
        m_security->setExplanation(QString());
    }
}
