// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A stanza sent exactly as written: scenarios and the lab send XML that no QXmpp
// class expresses (history requests, admin and owner queries, invitations).
#pragma once

#include <QByteArray>
#include <QXmppStanza.h>

class RawStanza : public QXmppStanza
{
public:
    explicit RawStanza(const QString &xml);

    void toXml(QXmlStreamWriter *writer) const override;
    void parse(const QDomElement &) override { }

private:
    QByteArray m_xml;
};
