// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Cuts a client's incoming XMPP stream into its top-level elements, and reads a groupchat
// message without a general XML parser. In a burst the driver receives hundreds of
// thousands of messages a second and QXmlStreamReader spent about 3 us on each: the driver,
// not the server, set the pace. BenchClient hands every other element, whole, to its
// QXmlStreamReader, which checks it as before.
#pragma once

#include <QByteArray>
#include <QString>

namespace StanzaSplitter {

enum Scan : int {
    NeedMore = -1, // the element goes on past the bytes received so far
    Opaque = -2, // a comment, CDATA, processing instruction or end tag: for the XML parser
};

// Where the stream's header (an XML declaration, then the <stream:stream ...> start tag)
// ends in 'data' from 'from' on: the index after it, or NeedMore.
int headerEnd(const QByteArray &data, int from);
// Where the top-level element starting with '<' at 'from' ends: the index after it, or
// NeedMore or Opaque.
int elementEnd(const QByteArray &data, int from);

struct Groupchat
{
    QString from;
    QString id;
    QString body; // null without a <body/>
    bool delayed = false; // it carries a <delay/> (history)
};
// Reads data[from, end) as <message type='groupchat'> in jabber:client: false when it is
// anything else, or uses XML this reader leaves to a parser (then nothing is taken).
bool readGroupchat(const QByteArray &data, int from, int end, Groupchat *message);

} // namespace StanzaSplitter
