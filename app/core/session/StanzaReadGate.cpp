// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/StanzaReadGate.h"

#include <QMetaObject>
#include <QSslSocket>
#include <QXmppClient.h>

namespace {
constexpr int MaxName = 32;
// QXmppStream's own handler of its socket's readyRead() (QXmpp 1.4).
constexpr const char ReadSlot[] = "_q_socketReadyRead";

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
} // namespace

void StanzaBoundaryScanner::reset()
{
    *this = StanzaBoundaryScanner();
}

void StanzaBoundaryScanner::openTag(bool empty)
{
    if (m_name == "stream:stream" || m_name == "stream")
        m_depth = 1; // a stream (re)starts: its children are stanzas
    else if (!empty)
        ++m_depth;
    m_state = State::Text;
}

void StanzaBoundaryScanner::feed(const char *data, qint64 size)
{
    for (qint64 i = 0; i < size; ++i) {
        const char c = data[i];
        switch (m_state) {
        case State::Text:
            if (c == '<')
                m_state = State::Open;
            break;
        case State::Open:
            m_name.clear();
            m_slash = false;
            if (c == '/') {
                m_state = State::EndTag;
            } else if (c == '?') {
                m_previous = 0;
                m_state = State::Instruction;
            } else if (c == '!') {
                m_bang.clear();
                m_state = State::Bang;
            } else {
                m_name.append(c);
                m_state = State::Name;
            }
            break;
        case State::Name:
            if (c == '>') {
                openTag(false);
            } else if (c == '/') {
                m_slash = true;
                m_state = State::Attributes;
            } else if (isSpace(c)) {
                m_state = State::Attributes;
            } else if (m_name.size() < MaxName) {
                m_name.append(c);
            }
            break;
        case State::Attributes:
            if (c == '>') {
                openTag(m_slash);
            } else if (c == '"' || c == '\'') {
                m_quote = c;
                m_slash = false;
                m_state = State::Quoted;
            } else if (!isSpace(c)) {
                m_slash = c == '/';
            }
            break;
        case State::Quoted:
            if (c == m_quote)
                m_state = State::Attributes;
            break;
        case State::EndTag:
            if (c == '>') {
                m_depth = m_name == "stream:stream" || m_name == "stream" ? 0 : qMax(0, m_depth - 1);
                m_state = State::Text;
            } else if (!isSpace(c) && m_name.size() < MaxName) {
                m_name.append(c);
            }
            break;
        case State::Instruction:
            if (m_previous == '?' && c == '>')
                m_state = State::Text;
            m_previous = c;
            break;
        case State::Bang:
            m_bang.append(c);
            if (m_bang == "--") {
                m_run = 0;
                m_state = State::Comment;
            } else if (m_bang == "[CDATA[") {
                m_run = 0;
                m_state = State::CData;
            } else if (c == '>') {
                m_state = State::Text;
            } else if (!QByteArray("--").startsWith(m_bang) && !QByteArray("[CDATA[").startsWith(m_bang)) {
                m_state = State::Declaration;
            }
            break;
        case State::Comment:
            if (c == '>' && m_run >= 2)
                m_state = State::Text;
            m_run = c == '-' ? m_run + 1 : 0;
            break;
        case State::CData:
            if (c == '>' && m_run >= 2)
                m_state = State::Text;
            m_run = c == ']' ? m_run + 1 : 0;
            break;
        case State::Declaration:
            if (c == '>')
                m_state = State::Text;
            break;
        }
    }
}

StanzaReadGate::StanzaReadGate(QXmppClient *client)
    : QObject(client)
{
    m_hold.setSingleShot(true);
    m_hold.setInterval(MaxHoldMs);
    connect(&m_hold, &QTimer::timeout, this, &StanzaReadGate::release);

    auto *socket = client->findChild<QSslSocket *>();
    QObject *stream = socket ? socket->parent() : nullptr;
    if (!stream || stream->metaObject()->indexOfMethod(QByteArray(ReadSlot) + "()") < 0)
        return;
    if (!QObject::disconnect(socket, &QIODevice::readyRead, stream, nullptr))
        return;
    m_socket = socket;
    m_stream = stream;
    connect(socket, &QIODevice::readyRead, this, &StanzaReadGate::onReadyRead);
    // A new connection, or the same one encrypted: QXmpp starts a new buffer, so does the gate.
    connect(socket, &QAbstractSocket::connected, this, &StanzaReadGate::reset);
    connect(socket, &QSslSocket::encrypted, this, &StanzaReadGate::reset);
    connect(socket, &QAbstractSocket::disconnected, this, &StanzaReadGate::reset);
}

void StanzaReadGate::reset()
{
    m_hold.stop();
    m_scanner.reset();
    m_scanned = 0;
}

void StanzaReadGate::onReadyRead()
{
    if (!m_socket || !m_stream)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_scanned) {
        const QByteArray data = m_socket->peek(available);
        if (data.size() > m_scanned) {
            m_scanner.feed(data.constData() + m_scanned, data.size() - m_scanned);
            m_scanned = data.size();
        }
    }
    if (m_scanner.atStreamLevel()) {
        release();
        return;
    }
    ++m_holds;
    if (!m_hold.isActive())
        m_hold.start();
}

void StanzaReadGate::release()
{
    m_hold.stop();
    // Nothing new: QXmpp would take an empty read for a whitespace keepalive.
    if (!m_stream || !m_socket || m_socket->bytesAvailable() <= 0)
        return;
    m_scanned = 0; // QXmpp reads everything there is
    ++m_releases;
    QMetaObject::invokeMethod(m_stream, ReadSlot, Qt::DirectConnection);
}
