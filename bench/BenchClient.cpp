// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BenchClient.h"

#include "ScramExchange.h"
#include "StanzaSplitter.h"

#include <QCryptographicHash>
#include <QSslConfiguration>
#include <QSslSocket>

namespace {
const QLatin1String SaslNs("urn:ietf:params:xml:ns:xmpp-sasl");
const QLatin1String StanzasNs("urn:ietf:params:xml:ns:xmpp-stanzas");

const QLatin1String Plain("PLAIN");
const QLatin1String Auto("auto");

QByteArray escaped(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

QByteArray saslElement(const char *name, const QByteArray &data)
{
    const QByteArray text = data.isEmpty() ? QByteArray() : data.toBase64();
    return "<" + QByteArray(name) + " xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + text + "</"
        + QByteArray(name) + ">";
}
} // namespace

QStringList BenchClient::mechanismPreference()
{
    return { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"), Plain };
}

BenchClient::BenchClient(const Account &account, QObject *parent)
    : QObject(parent)
    , m_account(account)
{
    m_reader.setNamespaceProcessing(true);
    newSocket();
}

BenchClient::~BenchClient() = default;

void BenchClient::newSocket()
{
    // A fresh socket per connection: one that was encrypted does not go back to plain TCP.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    if (m_account.tls) {
        m_ssl = new QSslSocket(this);
        QSslConfiguration tls = m_ssl->sslConfiguration();
        // No CA check: the servers measured have self-signed certificates. onEncrypted()
        // compares the certificate with the pinned digest, if any, before any password is sent.
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_ssl->setSslConfiguration(tls);
        connect(m_ssl, &QSslSocket::encrypted, this, &BenchClient::onEncrypted);
        m_socket = m_ssl;
    } else {
        m_ssl = nullptr;
        m_socket = new QTcpSocket(this);
    }
    connect(m_socket, &QTcpSocket::connected, this, &BenchClient::openStream);
    connect(m_socket, &QTcpSocket::readyRead, this, &BenchClient::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &BenchClient::drained);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_state != State::Idle && m_state != State::Failed)
            fail(m_socket->errorString());
    });
}

void BenchClient::start()
{
    m_state = State::Connecting;
    m_retriedNick = false;
    m_reader.clear();
    m_depth = 0;
    m_pending.clear();
    m_streamOpen = false;
    m_readerOnly = false;
    newSocket();
    m_socket->connectToHost(m_account.host, m_account.port);
}

void BenchClient::drop()
{
    m_state = State::Idle;
    m_socket->abort();
}

void BenchClient::fail(const QString &reason)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_socket->abort();
    emit failed(QStringLiteral("%1/%2: %3").arg(m_account.user, m_account.resource, reason));
}

void BenchClient::send(const QByteArray &xml)
{
    m_socket->write(xml);
}

void BenchClient::flush()
{
    // With TLS, bytesToWrite() is what waits to be encrypted; what is encrypted and not yet
    // sent waits in the TCP socket below.
    if (m_socket->bytesToWrite() > 0 || (m_ssl && m_ssl->encryptedBytesToWrite() > 0))
        m_socket->flush();
}

void BenchClient::openStream()
{
    if (m_state == State::Connecting)
        m_state = m_account.tls ? State::StartingTls : State::Authenticating;
    m_hasStartTls = m_hasBind = m_hasSession = false;
    m_mechanisms.clear();
    send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
         "xmlns:stream='http://etherx.jabber.org/streams' "
         "version='1.0' to='"
         + escaped(m_account.domain) + "'>");
}

void BenchClient::onEncrypted()
{
    if (m_state != State::StartingTls)
        return;
    if (!m_account.pinnedSha256.isEmpty()) {
        const QByteArray digest = m_ssl->peerCertificate().digest(QCryptographicHash::Sha256);
        if (digest != m_account.pinnedSha256) {
            fail(QStringLiteral("the server's certificate (sha256 %1) is not the pinned one (sha256 %2)")
                     .arg(QString::fromLatin1(digest.toHex(':').toUpper()),
                          QString::fromLatin1(m_account.pinnedSha256.toHex(':').toUpper())));
            return;
        }
    }
    m_state = State::Authenticating;
    openStream(); // RFC 6120 §5.4.3.3: a new stream over TLS
}

void BenchClient::join(const QString &roomJid, const QString &nick)
{
    m_roomJid = roomJid;
    m_nick = nick;
    m_state = State::Joining;
    send("<presence to='" + escaped(roomJid + QLatin1Char('/') + nick)
         + "'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>");
}

void BenchClient::sendGroupchat(const QString &roomJid, const QString &body)
{
    send("<message type='groupchat' to='" + escaped(roomJid) + "'><body>" + escaped(body)
         + "</body></message>");
}

void BenchClient::stopReading()
{
    m_reading = false;
    if (m_socket)
        m_socket->setReadBufferSize(1024);
}

qint64 BenchClient::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void BenchClient::onReadyRead()
{
    if (!m_reading)
        return;
    flush(); // a sender that is also reading keeps its queue moving
    m_pending += m_socket->readAll();
    // Whole top-level elements: groupchat messages are read here, anything else goes to the
    // XML parser (which then never holds half an element, so the two never overlap).
    int at = 0;
    while (at < m_pending.size() && m_state != State::Failed && m_state != State::Idle) {
        if (m_readerOnly) {
            parse(m_pending.mid(at));
            at = int(m_pending.size());
            break;
        }
        if (!m_streamOpen) {
            const int end = StanzaSplitter::headerEnd(m_pending, at);
            if (end == StanzaSplitter::NeedMore)
                break;
            if (end == StanzaSplitter::Opaque) {
                m_readerOnly = true;
                continue;
            }
            m_streamOpen = true;
            const QByteArray header = m_pending.mid(at, end - at);
            at = end;
            parse(header);
            continue;
        }
        while (at < m_pending.size() && QChar::isSpace(uchar(m_pending.at(at))))
            ++at;
        if (at >= m_pending.size())
            break;
        const int end = StanzaSplitter::elementEnd(m_pending, at);
        if (end == StanzaSplitter::NeedMore)
            break;
        if (end == StanzaSplitter::Opaque) { // from here on, the parser alone (comments, the stream's end)
            m_readerOnly = true;
            continue;
        }
        StanzaSplitter::Groupchat message;
        const bool read = StanzaSplitter::readGroupchat(m_pending, at, end, &message);
        const QByteArray element = read ? QByteArray() : m_pending.mid(at, end - at);
        at = end;
        if (read) {
            onGroupchat(message);
        } else if (parse(element) == Parsed::StreamRestarted && m_state == State::StartingTls) {
            m_pending.clear(); // what follows comes over TLS
            return;
        }
    }
    m_pending.remove(0, at);
}

void BenchClient::startStanza(const QString &name, const QString &type, const QString &from,
                              const QString &id)
{
    m_name = name;
    m_type = type;
    m_from = from;
    m_id = id;
    m_body.clear();
    m_errorCondition.clear();
    m_inError = m_delayed = m_selfPresence = m_roomCreated = m_inSasl = false;
    m_saslData.clear();
}

void BenchClient::onGroupchat(const StanzaSplitter::Groupchat &message)
{
    startStanza(QStringLiteral("message"), QStringLiteral("groupchat"), message.from, message.id);
    m_body = message.body;
    m_delayed = message.delayed;
    onStanzaEnd();
}

BenchClient::Parsed BenchClient::parse(const QByteArray &bytes)
{
    m_reader.addData(bytes);
    while (!m_reader.atEnd()) {
        const QXmlStreamReader::TokenType token = m_reader.readNext();
        switch (token) {
        case QXmlStreamReader::StartElement: {
            ++m_depth;
            const auto name = m_reader.name();
            if (m_depth == 2) {
                const QXmlStreamAttributes attributes = m_reader.attributes();
                startStanza(name.toString(), attributes.value(QLatin1String("type")).toString(),
                            attributes.value(QLatin1String("from")).toString(),
                            attributes.value(QLatin1String("id")).toString());
                m_inSasl = m_reader.namespaceUri() == SaslNs;
            } else if (m_depth > 2) {
                m_text.clear();
                if (name == QLatin1String("delay"))
                    m_delayed = true;
                else if (name == QLatin1String("status") && m_name == QLatin1String("presence")) {
                    const auto code = m_reader.attributes().value(QLatin1String("code"));
                    m_selfPresence = m_selfPresence || code == QLatin1String("110");
                    m_roomCreated = m_roomCreated || code == QLatin1String("201");
                } else if (name == QLatin1String("error") && m_depth == 3)
                    m_inError = true;
                else if (m_inError && m_depth == 4 && m_reader.namespaceUri() == StanzasNs
                         && name != QLatin1String("text"))
                    m_errorCondition = name.toString();
                else if (m_inSasl && m_depth == 3 && m_name == QLatin1String("failure")
                         && name != QLatin1String("text"))
                    m_errorCondition = name.toString(); // RFC 6120 §6.5's condition
                else if (m_name == QLatin1String("features")) {
                    if (name == QLatin1String("starttls"))
                        m_hasStartTls = true;
                    else if (name == QLatin1String("bind"))
                        m_hasBind = true;
                    else if (name == QLatin1String("session"))
                        m_hasSession = true;
                }
            }
            break;
        }
        case QXmlStreamReader::Characters:
            if (m_depth > 2)
                m_text += m_reader.text();
            else if (m_depth == 2 && m_inSasl)
                m_saslData += m_reader.text();
            break;
        case QXmlStreamReader::EndElement: {
            if (m_depth == 3 && m_reader.name() == QLatin1String("body"))
                m_body = m_text;
            else if (m_name == QLatin1String("features") && m_reader.name() == QLatin1String("mechanism"))
                m_mechanisms << m_text.trimmed();
            else if (m_name == QLatin1String("iq") && m_reader.name() == QLatin1String("jid") && m_depth == 4)
                m_fullJid = m_text;
            if (m_depth == 2) {
                --m_depth;
                onStanzaEnd();
                if (m_state == State::Failed || m_state == State::Idle)
                    return Parsed::Done;
                if (m_state == State::StartingTls && m_name == QLatin1String("proceed")) {
                    // The rest comes over TLS, in a new stream (onEncrypted()).
                    m_reader.clear();
                    m_depth = 0;
                    m_streamOpen = m_readerOnly = false;
                    m_ssl->startClientEncryption();
                    return Parsed::StreamRestarted;
                }
                if (m_state == State::Binding && m_name == QLatin1String("success")) {
                    // A new stream: a fresh parser for it; what follows starts with its header.
                    m_reader.clear();
                    m_depth = 0;
                    m_streamOpen = m_readerOnly = false;
                    openStream();
                    return Parsed::StreamRestarted;
                }
                continue;
            }
            --m_depth;
            if (m_depth == 0) {
                fail(QStringLiteral("the server closed the stream"));
                return Parsed::Done;
            }
            break;
        }
        case QXmlStreamReader::Invalid:
            if (m_reader.error() == QXmlStreamReader::PrematureEndOfDocumentError)
                return Parsed::Done; // wait for more bytes
            fail(QStringLiteral("not well-formed: %1").arg(m_reader.errorString()));
            return Parsed::Done;
        default:
            break;
        }
    }
    return Parsed::Done;
}

void BenchClient::authenticate()
{
    const QString offered
        = m_mechanisms.isEmpty() ? QStringLiteral("nothing") : m_mechanisms.join(QStringLiteral(", "));
    // A hint when the server would offer more after STARTTLS (PLAIN, typically).
    const QString tlsHint
        = !m_account.tls && m_hasStartTls ? QStringLiteral(" without TLS: try --tls") : QString();
    m_mechanism.clear();
    if (m_account.sasl == Auto) {
        for (const QString &mechanism : mechanismPreference()) {
            if (m_mechanisms.contains(mechanism)) {
                m_mechanism = mechanism;
                break;
            }
        }
        if (m_mechanism.isEmpty()) {
            fail(QStringLiteral("the server offers none of %1%2 (it offers %3)")
                     .arg(mechanismPreference().join(QStringLiteral(", ")), tlsHint, offered));
            return;
        }
    } else if (m_mechanisms.contains(m_account.sasl)) {
        m_mechanism = m_account.sasl;
    } else {
        fail(QStringLiteral("the server offers no SASL %1%2 (it offers %3)")
                 .arg(m_account.sasl, tlsHint, offered));
        return;
    }

    if (m_mechanism == Plain) {
        m_scram.reset();
        const QByteArray credentials = QByteArray(1, '\0') + m_account.user.toUtf8() + QByteArray(1, '\0')
            + m_account.password.toUtf8();
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + credentials.toBase64()
             + "</auth>");
        return;
    }
    m_scram = std::make_unique<ScramExchange>(m_mechanism, m_account.user, m_account.password,
                                              m_account.scramCache);
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + m_mechanism.toLatin1() + "'>"
         + m_scram->clientFirst().toBase64() + "</auth>");
}

void BenchClient::onSaslChallenge()
{
    const auto decoded = QByteArray::fromBase64Encoding(m_saslData.trimmed().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!m_scram || !decoded) {
        fail(QStringLiteral("unexpected SASL challenge '%1'").arg(m_saslData.left(80)));
        return;
    }
    if (!m_scram->hasClientFinal()) {
        const QByteArray final = m_scram->clientFinal(decoded.decoded);
        if (final.isEmpty()) {
            fail(m_scram->errorString());
            return;
        }
        send(saslElement("response", final));
        return;
    }
    // Some servers send the server-final-message as a challenge, then an empty success.
    if (m_scram->isVerified() || !m_scram->verifyServerFinal(decoded.decoded)) {
        fail(m_scram->isVerified() ? QStringLiteral("unexpected SASL challenge after SCRAM's last step")
                                   : m_scram->errorString());
        return;
    }
    send(saslElement("response", QByteArray()));
}

bool BenchClient::onSaslSuccess()
{
    if (!m_scram)
        return true; // PLAIN
    const QString text = m_saslData.trimmed();
    if (!text.isEmpty() && text != QLatin1String("=")) {
        const auto decoded
            = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(QStringLiteral("the server's SASL success is not base64"));
            return false;
        }
        if (!m_scram->verifyServerFinal(decoded.decoded)) {
            fail(m_scram->errorString());
            return false;
        }
    }
    if (!m_scram->isVerified()) {
        fail(QStringLiteral("the server's SASL success has no SCRAM server signature"));
        return false;
    }
    return true;
}

void BenchClient::onStanzaEnd()
{
    if (m_name == QLatin1String("features")) {
        if (m_state == State::StartingTls) {
            if (!m_hasStartTls) {
                fail(QStringLiteral("the server offers no STARTTLS"));
                return;
            }
            send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        } else if (m_state == State::Authenticating) {
            authenticate();
        } else if (m_state == State::Binding) {
            if (!m_hasBind) {
                fail(QStringLiteral("the server offers no resource binding"));
                return;
            }
            send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                 + escaped(m_account.resource) + "</resource></bind></iq>");
            if (m_hasSession)
                send("<iq type='set' id='session'><session "
                     "xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        }
        return;
    }
    if (m_name == QLatin1String("challenge") && m_inSasl && m_state == State::Authenticating) {
        onSaslChallenge();
        return;
    }
    if (m_name == QLatin1String("success")) {
        if (onSaslSuccess())
            m_state = State::Binding;
        return;
    }
    if (m_name == QLatin1String("proceed"))
        return; // onReadyRead() starts TLS
    if (m_name == QLatin1String("failure")) {
        if (m_state == State::StartingTls)
            fail(QStringLiteral("the server refused STARTTLS"));
        else
            fail(QStringLiteral("authentication failed (%1%2)")
                     .arg(m_mechanism,
                          m_errorCondition.isEmpty() ? QString() : QStringLiteral(": ") + m_errorCondition));
        return;
    }
    if (m_name == QLatin1String("error")) { // a stream error
        fail(QStringLiteral("stream error"));
        return;
    }
    if (m_name == QLatin1String("iq")) {
        if (m_id == QLatin1String("instant-room") && m_state == State::Joining) {
            if (m_type != QLatin1String("result")) {
                fail(QStringLiteral("the new room refused its instant configuration"));
                return;
            }
            m_state = State::Joined;
            emit joined();
        } else if (m_id == QLatin1String("bind") && m_state == State::Binding) {
            if (m_type != QLatin1String("result")) {
                fail(QStringLiteral("resource binding refused"));
                return;
            }
            m_state = State::Online;
            send("<presence/>");
            emit online();
        } else if (m_type == QLatin1String("get") || m_type == QLatin1String("set")) {
            // Answer pings and anything else so no server waits on us.
            send("<iq type='error' id='" + escaped(m_id) + "' to='" + escaped(m_from)
                 + "'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                   "</error></iq>");
        } else if (m_handler) {
            // The answer to a request of the driver's own (a ping).
            Stanza stanza;
            stanza.name = m_name;
            stanza.type = m_type;
            stanza.from = m_from;
            stanza.id = m_id;
            stanza.errorCondition = m_errorCondition;
            m_handler(this, stanza);
        }
        return;
    }
    if (m_state == State::Joining && m_name == QLatin1String("presence") && m_from.startsWith(m_roomJid)) {
        if (m_type == QLatin1String("error")) {
            if (m_errorCondition == QLatin1String("conflict") && !m_retriedNick) {
                m_retriedNick = true;
                join(m_roomJid, m_nick + QLatin1Char('-') + m_account.resource);
                return;
            }
            fail(QStringLiteral("join refused: %1").arg(m_errorCondition));
            return;
        }
        if (m_selfPresence && m_type.isEmpty() && m_roomCreated) {
            // XEP-0045 §10.1.2: accept the default configuration (an instant room).
            send("<iq type='set' id='instant-room' to='" + escaped(m_roomJid)
                 + "'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                   "type='submit'/>"
                   "</query></iq>");
        } else if (m_selfPresence && m_type.isEmpty()) {
            m_state = State::Joined;
            emit joined();
        }
    }
    if (m_handler) {
        Stanza stanza;
        stanza.name = m_name;
        stanza.type = m_type;
        stanza.from = m_from;
        stanza.body = m_body;
        stanza.delayed = m_delayed;
        stanza.selfPresence = m_selfPresence;
        stanza.errorCondition = m_errorCondition;
        m_handler(this, stanza);
    }
}
