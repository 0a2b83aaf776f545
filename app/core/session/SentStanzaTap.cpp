// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/SentStanzaTap.h"

#include <QDomDocument>
#include <QRegularExpression>
#include <QXmppClient.h>
#include <QXmppLogger.h>

SentStanzaTap::SentStanzaTap(QXmppClient *client)
    : QObject(client)
{
    auto *logger = new QXmppLogger(this);
    logger->setLoggingType(QXmppLogger::SignalLogging);
    logger->setMessageTypes(QXmppLogger::SentMessage);
    client->setLogger(logger);
    connect(logger, &QXmppLogger::message, this, [this](QXmppLogger::MessageType type, const QString &text) {
        if (type == QXmppLogger::SentMessage)
            handleSent(text);
    });
}

void SentStanzaTap::handleSent(const QString &data)
{
    // One write is one packet: a stanza, or stream framing, SASL or a whitespace ping.
    // Only what parses as one stanza on its own is reported.
    const QString trimmed = data.trimmed();
    if (!trimmed.startsWith(QLatin1Char('<')) || trimmed.startsWith(QLatin1String("<?")))
        return;
    if (trimmed.startsWith(QLatin1String("<auth "))) {
        static const QRegularExpression mechanism(QStringLiteral("mechanism=(['\"])([^'\"]+)\\1"));
        const QRegularExpressionMatch match = mechanism.match(trimmed);
        if (match.hasMatch())
            emit authMechanismChosen(match.captured(2));
        return;
    }
    // Stanzas are written inside the stream's default namespace, so they carry none.
    const QString wrapped = QStringLiteral("<w xmlns=\"jabber:client\">") + trimmed + QStringLiteral("</w>");
    QDomDocument document;
    if (!document.setContent(wrapped, true))
        return;
    const QDomElement stanza = document.documentElement().firstChildElement();
    const QString tag = stanza.tagName();
    if (stanza.isNull() || !stanza.nextSiblingElement().isNull())
        return;
    if (tag == QLatin1String("message") || tag == QLatin1String("presence") || tag == QLatin1String("iq"))
        emit stanzaSent(stanza);
}
