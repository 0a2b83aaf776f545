// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Socket-free tests of the MUC service, in the inject/expect style of QXmpp's own
// TestClient: a MucService behind a real StanzaRouter and a QXmppServer that never
// listens, on an in-memory database. inject() hands it a stanza parsed from XML
// text as a session would send it; everything the service sends anybody is
// captured in order, and expect() compares it with expected XML.
#pragma once

#include <QDomElement>
#include <QStringList>
#include <memory>

class MucService;

class MucTestHarness
{
public:
    // XEP-0045's examples live on shakespeare.lit, their rooms on chat.shakespeare.lit.
    MucTestHarness();
    ~MucTestHarness();

    MucService *service() const;

    // Parses one stanza (in jabber:client unless it says otherwise) and routes it as
    // a session's, 'from' as written.
    void inject(const QString &xml);
    // What was sent since the last take, in order.
    QList<QDomElement> takeSent();
    // Takes what was sent and compares it with 'expected', in order: an empty string
    // when they match, otherwise what differs.
    QString expect(const QStringList &expected);

    // Elements with this name and namespace are left out on both sides, e.g. occupant-id
    // (XEP-0045's examples predate it) or an error's human-readable text.
    void ignoreElement(const QString &name, const QString &ns);

    // Setup: 'owner' creates 'room' as 'nick' and submits these muc#roomconfig fields
    // ("membersonly=1;roomsecret=pw"), or joins an existing room. Output is discarded.
    void createRoom(const QString &room, const QString &owner, const QString &nick,
                    const QString &config = QString());
    void join(const QString &room, const QString &user, const QString &nick,
              const QString &mucChildren = QString());

    // Stanzas built from text, with namespaces as a stream would give them.
    static QDomElement parse(const QString &xml);
    // The error answer to a request given as text: from and to swapped, its payload kept,
    // <error type='type'><condition/></error> added (RFC 6120 §8.3).
    static QString errorReply(const QString &request, const QString &type, const QString &condition);
    // The var of every disco#info <feature/> in a result.
    static QStringList featureVars(const QDomElement &result);
    // What 'room' lists as disco#info features when hag66 (no occupant) asks.
    QStringList roomFeatures(const QString &room);
    // XEP-0045 §7.2.3 in the coven: what the room sends when hag66 enters as thirdwitch
    // with 'affiliation' while crone1 (firstwitch, owner) is in: the presences, then
    // 'history', then the subject.
    static QStringList hagEntersCoven(const QString &affiliation, const QStringList &history = {});
    static QString configSubmit(const QString &room, const QString &owner, const QString &config);

    // Empty when 'actual' matches 'expected': same names and namespaces, the same
    // attributes in any order (an expected value "*" matches any value; an 'id' the
    // expected element leaves out is not compared: ids are generated), the same child
    // elements in order and the same text.
    QString compare(const QDomElement &actual, const QDomElement &expected) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// QVERIFY2 with the difference as the message.
#define MUC_EXPECT(harness, expected)                                                                        \
    do {                                                                                                     \
        const QString mucDifference = (harness).expect(expected);                                            \
        QVERIFY2(mucDifference.isEmpty(), qPrintable(mucDifference));                                        \
    } while (false)
