// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "HistoryRequest.h"

#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

HistoryRequest HistoryRequest::fromJoin(const QDomElement &presence, int defaultMaxStanzas)
{
    HistoryRequest request;
    const QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::Muc);
    const QDomElement history = Stanza::child(x, QStringLiteral("history"), Ns::Muc);
    if (history.isNull()) {
        request.maxStanzas = defaultMaxStanzas;
        return request;
    }
    auto number = [&history](const char *name) {
        bool ok = false;
        const int value = history.attribute(QString::fromLatin1(name)).toInt(&ok);
        return ok && value >= 0 ? value : -1;
    };
    request.maxStanzas = number("maxstanzas");
    request.maxChars = number("maxchars");
    request.seconds = number("seconds");
    if (history.hasAttribute(QStringLiteral("since")))
        request.since = QDateTime::fromString(history.attribute(QStringLiteral("since")), Qt::ISODate);
    if (request.maxStanzas < 0 || request.maxStanzas > defaultMaxStanzas)
        request.maxStanzas = defaultMaxStanzas; // the room never sends more than it keeps
    return request;
}

QVector<HistoryEntry> HistoryRequest::select(const QVector<HistoryEntry> &entries, const QDateTime &now) const
{
    QVector<HistoryEntry> chosen;
    int chars = 0;
    for (int i = entries.size() - 1; i >= 0; --i) {
        const HistoryEntry &entry = entries.at(i);
        if (maxStanzas >= 0 && chosen.size() >= maxStanzas)
            break;
        if (seconds >= 0 && entry.stamp.secsTo(now) > seconds)
            break;
        if (since.isValid() && entry.stamp < since)
            break;
        const int size = int(entry.xml.size());
        if (maxChars >= 0 && chars + size > maxChars)
            break;
        chars += size;
        chosen.prepend(entry);
    }
    return chosen;
}

QDomElement delayedCopy(const HistoryEntry &entry, const QString &roomJid, const QString &to)
{
    QDomElement copy = XmlText::toElement(entry.xml);
    copy.setAttribute(QStringLiteral("to"), to);
    if (Stanza::child(copy, QStringLiteral("delay"), Ns::Delay).isNull()) {
        QDomElement delay = Stanza::addChild(copy, QStringLiteral("delay"), Ns::Delay);
        delay.setAttribute(QStringLiteral("from"), roomJid);
        delay.setAttribute(QStringLiteral("stamp"), entry.stamp.toUTC().toString(Qt::ISODateWithMs));
    }
    return copy;
}
