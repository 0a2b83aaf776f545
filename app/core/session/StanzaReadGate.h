// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Hands what a QXmppClient's socket received to QXmpp only once it ends between two
// stanzas. QXmpp 1.4 parses everything it has buffered as one document on every read
// and, when the read ended inside a stanza, keeps it all and parses it again with the
// next read: a busy stream whose reads end inside a stanza (a TLS record is 16 KiB,
// stanzas are not aligned to it) is parsed several times over, and the further a
// session falls behind, the larger what is parsed again. The gate scans the new bytes
// once (markup only, no document), and lets QXmpp read when they end at the stream's
// level. It changes nothing QXmpp sees: what QXmpp could not parse yet it kept anyway.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QSslSocket;
class QXmppClient;

// Follows XML markup byte by byte, across reads: whether what it was fed ends at the
// level of an XMPP stream (depth 1, or before the stream), not inside a tag, a comment,
// a CDATA section or a child of the stream. A <stream:stream> open tag starts the
// level again (a stream restarted after STARTTLS or SASL is not closed first).
class StanzaBoundaryScanner
{
public:
    void reset();
    void feed(const char *data, qint64 size);
    bool atStreamLevel() const { return m_state == State::Text && m_depth <= 1; }
    int depth() const { return m_depth; }

private:
    enum class State {
        Text,
        Open,
        Name,
        Attributes,
        Quoted,
        EndTag,
        Instruction,
        Bang,
        Comment,
        CData,
        Declaration
    };
    void openTag(bool empty);

    State m_state = State::Text;
    int m_depth = 0;
    QByteArray m_name; // of the tag being read, up to MaxName bytes
    QByteArray m_bang; // after "<!": "--" opens a comment, "[CDATA[" a CDATA section
    char m_quote = 0;
    char m_previous = 0;
    int m_run = 0; // trailing '-' in a comment, ']' in a CDATA section
    bool m_slash = false; // the last character in the tag was '/'
};

class StanzaReadGate : public QObject
{
    Q_OBJECT
public:
    // Installs itself between the client's socket and its stream when this QXmpp has
    // the read slot it expects; otherwise it does nothing and QXmpp reads as before.
    explicit StanzaReadGate(QXmppClient *client);

    bool isInstalled() const { return m_stream != nullptr; }
    // Reads QXmpp was handed, and times the gate held data back (a read inside a stanza).
    int releases() const { return m_releases; }
    int holds() const { return m_holds; }

    // Held back longer than this (markup the scanner misread, or a stanza that takes
    // long to arrive), the data goes to QXmpp anyway.
    static constexpr int MaxHoldMs = 50;

private:
    void onReadyRead();
    void release();
    void reset();

    QPointer<QSslSocket> m_socket;
    QPointer<QObject> m_stream;
    StanzaBoundaryScanner m_scanner;
    qint64 m_scanned = 0; // bytes of the socket's buffer the scanner has seen
    QTimer m_hold;
    int m_releases = 0;
    int m_holds = 0;
};
