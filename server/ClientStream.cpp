// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ClientStream.h"

#include "JidPrep.h"
#include "LoginThrottle.h"
#include "RegistrationService.h"
#include "SaslServer.h"
#include "ServiceLimits.h"
#include "Stanza.h"
#include "StanzaReader.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>

namespace {
constexpr QLatin1String TlsNs("urn:ietf:params:xml:ns:xmpp-tls");
constexpr QLatin1String SaslNs("urn:ietf:params:xml:ns:xmpp-sasl");
constexpr QLatin1String BindNs("urn:ietf:params:xml:ns:xmpp-bind");
constexpr QLatin1String SessionNs("urn:ietf:params:xml:ns:xmpp-session");
constexpr QLatin1String SmNs("urn:xmpp:sm:3");
// A peer that does not close its side after our stream error is cut off after this.
constexpr int CloseGraceMs = 5000;

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &byte : raw)
        byte = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray escaped(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

// An SM <failed/> for a request that makes no sense in this state.
const QByteArray SmUnexpectedRequest
    = QByteArrayLiteral("<failed xmlns='urn:xmpp:sm:3'><unexpected-request "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");

bool isStanza(const QDomElement &element)
{
    if (element.namespaceURI() != Ns::Client)
        return false;
    const QString name = element.tagName();
    return name == QLatin1String("message") || name == QLatin1String("presence")
        || name == QLatin1String("iq");
}

// An IQ carrying this child (a bind or session request).
bool isIqWith(const QDomElement &element, const QString &child, QLatin1String ns)
{
    return isStanza(element) && element.tagName() == QLatin1String("iq")
        && !Stanza::child(element, child, ns).isNull();
}

// Strict base64 (RFC 6120 §6.4.2): "=" alone is an empty response.
bool decodeBase64(const QString &text, QByteArray *out)
{
    const QString trimmed = text.trimmed();
    if (trimmed == QLatin1String("=") || trimmed.isEmpty()) {
        out->clear();
        return true;
    }
    const QByteArray encoded = trimmed.toLatin1();
    for (const char c : encoded) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
              || c == '/' || c == '='))
            return false;
    }
    if (encoded.size() % 4 != 0)
        return false;
    *out = QByteArray::fromBase64(encoded);
    return true;
}

// The account an attempt names, read before checking it (for the throttle only).
QString userHint(const QString &mechanism, const QByteArray &data)
{
    if (mechanism == QLatin1String("PLAIN")) {
        const QList<QByteArray> parts = data.split('\0');
        return parts.size() == 3 ? JidPrep::node(QString::fromUtf8(parts.at(1))) : QString();
    }
    const int at = data.indexOf(",n=");
    if (at < 0)
        return QString();
    const int end = data.indexOf(',', at + 3);
    return JidPrep::node(QString::fromUtf8(data.mid(at + 3, end < 0 ? -1 : end - at - 3))
                             .replace(QLatin1String("=2C"), QLatin1String(","))
                             .replace(QLatin1String("=3D"), QLatin1String("=")));
}
} // namespace

ClientStream::ClientStream(QSslSocket *socket, quint64 id, const StreamConfig *config, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_config(config)
    , m_reader(std::make_unique<StanzaReader>())
{
    m_reader->setLimits(config->limits.maxPreAuthStanzaSize, config->limits.maxAttributesPerElement,
                        config->limits.maxDepth);
    m_address = socket->peerAddress().toString();
    m_peer = QStringLiteral("%1:%2").arg(m_address).arg(socket->peerPort());
    m_tokens = double(config->limits.inputBurstBytes);
    m_bucketClock.start();
    m_stanzaTokens = double(qMax(1, config->limits.inputStanzaBurst));
    m_stanzaClock.start();

    // The auth timeout runs from the connection on, whatever the client sends.
    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this, [this] {
        closeWithError(
            QStringLiteral("connection-timeout"),
            QStringLiteral("not authenticated within %1 s").arg(m_config->limits.authTimeoutSeconds));
    });
    m_authTimer.start(config->limits.authTimeoutSeconds * 1000);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        closeWithError(QStringLiteral("connection-timeout"),
                       QStringLiteral("nothing received for %1 s").arg(m_config->limits.idleTimeoutSeconds));
    });
    m_refillTimer.setSingleShot(true);
    connect(&m_refillTimer, &QTimer::timeout, this, &ClientStream::readInput);
    m_stanzaTimer.setSingleShot(true);
    m_stanzaTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stanzaTimer, &QTimer::timeout, this, &ClientStream::resumeThrottled);
    m_ackTimer.setSingleShot(true);
    connect(&m_ackTimer, &QTimer::timeout, this, &ClientStream::requestAck);
    m_resumeTimer.setSingleShot(true);
    connect(&m_resumeTimer, &QTimer::timeout, this, &ClientStream::finish);

    attachSocket(socket);
}

ClientStream::~ClientStream() = default;

void ClientStream::attachSocket(QSslSocket *socket)
{
    m_socket = socket;
    socket->setParent(this);
    // Read no more than the bucket allows; TCP pushes back on a fast sender.
    socket->setReadBufferSize(StreamDefaults::ReadChunkBytes);
    connect(socket, &QSslSocket::readyRead, this, &ClientStream::readInput);
    connect(socket, &QSslSocket::disconnected, this, &ClientStream::onDisconnected);
    connect(socket, &QSslSocket::encrypted, this, &ClientStream::readInput);
    connect(socket, &QSslSocket::bytesWritten, this, [this] {
        checkOutputBound();
        if (m_state != State::Closed && !m_closing)
            emit outputDrained();
    });
    connect(
        socket, qOverload<const QList<QSslError> &>(&QSslSocket::sslErrors), socket,
        [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); }); // clients present no certificate
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError && m_socket
            && m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
}

QString ClientStream::bareJid() const
{
    return m_user + QLatin1Char('@') + m_config->domain;
}

bool ClientStream::tlsOffered() const
{
    return m_config->tls != TlsPolicy::Off && !m_config->certificateChain.isEmpty();
}

bool ClientStream::plainAllowed() const
{
    return isEncrypted() || m_config->plainAuth == PlainAuthPolicy::AlsoWithoutTls;
}

bool ClientStream::isEncrypted() const
{
    return m_socket && m_socket->isEncrypted();
}

int ClientStream::resumeSecondsLeft() const
{
    // A coarse timer of minutes may run up to a second past its interval: never more than the limit.
    return m_state == State::Detached
        ? qMin((m_resumeTimer.remainingTime() + 999) / 1000, m_config->limits.resumeTimeoutSeconds)
        : -1;
}

void ClientStream::readInput()
{
    while (m_socket && m_reader && !m_paused && !m_stanzaThrottled && !m_closing
           && m_state != State::Closed) {
        if (m_socket->mode() != QSslSocket::UnencryptedMode && !m_socket->isEncrypted())
            return; // the TLS handshake is still under way
        // Refill the bucket for the time passed, up to the burst.
        const StreamLimits &limits = m_config->limits;
        m_tokens
            = qMin(double(limits.inputBurstBytes),
                   m_tokens + double(m_bucketClock.restart()) * double(limits.inputBytesPerSecond) / 1000.0);
        if (m_tokens < 1) {
            const int waitMs = int((1 - m_tokens) * 1000.0 / double(limits.inputBytesPerSecond)) + 1;
            if (!m_refillTimer.isActive())
                m_refillTimer.start(waitMs);
            return;
        }
        const qint64 allowed = qMin<qint64>(qint64(m_tokens), StreamDefaults::ReadChunkBytes);
        const QByteArray chunk = m_socket->read(allowed);
        if (chunk.isEmpty())
            return;
        m_tokens -= double(chunk.size());
        if (m_state != State::Negotiating)
            m_idleTimer.start(limits.idleTimeoutSeconds * 1000);
        m_reader->feed(chunk);
        processEvents();
    }
}

void ClientStream::processEvents()
{
    while (m_reader && !m_paused && !m_closing && m_state != State::Closed) {
        // Past authentication each element takes a token; an empty bucket stops reading
        // (what is buffered waits, TCP pushes back) until it refills.
        const bool counted = m_state != State::Negotiating && m_config->limits.inputStanzasPerSecond > 0;
        if (counted && !stanzaAllowed())
            return;
        switch (m_reader->next()) {
        case StanzaReader::Event::NeedMore:
            return;
        case StanzaReader::Event::Failed:
            closeWithError(m_reader->faultCondition(), m_reader->faultText());
            return;
        case StanzaReader::Event::StreamOpened:
            handleStreamHeader();
            break;
        case StanzaReader::Event::Element:
            if (counted)
                m_stanzaTokens -= 1;
            handleElement(m_reader->element());
            break;
        case StanzaReader::Event::StreamClosed:
            closeSession();
            return;
        }
    }
}

bool ClientStream::stanzaAllowed()
{
    if (m_stanzaThrottled)
        return false;
    const StreamLimits &limits = m_config->limits;
    const double rate = double(limits.inputStanzasPerSecond);
    m_stanzaTokens = qMin(double(qMax(1, limits.inputStanzaBurst)),
                          m_stanzaTokens + double(m_stanzaClock.restart()) * rate / 1000.0);
    if (m_stanzaTokens >= 1)
        return true;
    m_stanzaThrottled = true;
    m_stanzaTimer.start(int((1 - m_stanzaTokens) * 1000.0 / rate) + 1);
    if (m_config->count)
        m_config->count(QStringLiteral("stream.stanza-throttled"));
    return false;
}

void ClientStream::resumeThrottled()
{
    m_stanzaThrottled = false;
    processEvents();
    readInput();
}

void ClientStream::handleStreamHeader()
{
    m_streamId = randomToken(12);
    m_headerAnswered = true;
    const QString to = JidPrep::domain(m_reader->streamAttribute(QStringLiteral("to")));
    QByteArray header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                        "xmlns:stream='http://etherx.jabber.org/streams' id='"
        + escaped(m_streamId) + "' from='" + escaped(m_config->domain) + "' version='1.0' xml:lang='en'>";
    writeRaw(header);
    if (to != m_config->domain) {
        closeWithError(QStringLiteral("host-unknown"),
                       QStringLiteral("this server serves %1").arg(m_config->domain));
        return;
    }
    if (!m_reader->streamAttribute(QStringLiteral("version")).startsWith(QLatin1String("1."))) {
        closeWithError(QStringLiteral("unsupported-version"), QStringLiteral("XMPP 1.0 streams only"));
        return;
    }
    sendFeatures();
}

void ClientStream::sendFeatures()
{
    QByteArray features = "<stream:features>";
    if (m_state == State::Negotiating) {
        if (tlsOffered() && !isEncrypted())
            features += m_config->tls == TlsPolicy::Required
                ? "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                : "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
        if (isEncrypted() || m_config->tls != TlsPolicy::Required) {
            features += "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>";
            for (const QString &mechanism : SaslServer::mechanisms(plainAllowed()))
                features += "<mechanism>" + mechanism.toUtf8() + "</mechanism>";
            features += "</mechanisms>";
            // XEP-0077: offered where the password may cross as PLAIN's does.
            if (m_config->registerAccount && plainAllowed())
                features += "<register xmlns='http://jabber.org/features/iq-register'/>";
        }
    } else {
        features += "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                    "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"
                    "<sm xmlns='urn:xmpp:sm:3'/>"
                    // RFC 6121 §2.6.1 roster versioning, §3.4 subscription pre-approval.
                    "<ver xmlns='urn:xmpp:features:rosterver'/>"
                    "<sub xmlns='urn:xmpp:features:pre-approval'/>";
    }
    features += "</stream:features>";
    writeRaw(features);
}

void ClientStream::handleElement(const QDomElement &element)
{
    switch (m_state) {
    case State::Negotiating:
        handleNegotiation(element);
        break;
    case State::Authenticated:
        handleAuthenticated(element);
        break;
    case State::Bound:
        if (element.namespaceURI() == SmNs)
            handleStreamManagement(element);
        else if (isIqWith(element, QStringLiteral("bind"), BindNs))
            // One bind per stream (RFC 6120 §7.7.2.1): the stream keeps the JID it has.
            writeRaw(XmlText::streamBytes(
                Stanza::errorReply(element, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                                   QStringLiteral("this stream is bound to %1 already").arg(m_jid))));
        else if (isIqWith(element, QStringLiteral("session"), SessionNs))
            sendElement(Stanza::iqResult(element));
        else if (isStanza(element))
            handleStanza(element);
        else if (element.namespaceURI() == SaslNs || element.namespaceURI() == TlsNs)
            // One authentication per stream: a second one never changes who this is.
            saslFailure(QStringLiteral("not-authorized"),
                        QStringLiteral("this stream is already authenticated"));
        else
            closeWithError(QStringLiteral("unsupported-stanza-type"),
                           QStringLiteral("<%1 xmlns='%2'/> is not a stanza")
                               .arg(element.tagName(), element.namespaceURI()));
        break;
    case State::Detached:
    case State::Closed:
        break;
    }
}

void ClientStream::handleNegotiation(const QDomElement &element)
{
    const QString ns = element.namespaceURI();
    if (ns == TlsNs && element.tagName() == QLatin1String("starttls")) {
        startTls();
    } else if (ns == SaslNs) {
        saslElement(element);
    } else if (isIqWith(element, QStringLiteral("query"), Ns::Register) && !m_sasl) {
        preAuthRegistration(element); // XEP-0077, the one stanza allowed before authentication
    } else {
        // RFC 6120 §6.4: nothing but negotiation before authentication.
        closeWithError(QStringLiteral("not-authorized"), QStringLiteral("authenticate first"));
    }
}

void ClientStream::startTls()
{
    if (!tlsOffered() || isEncrypted() || m_sasl) {
        closeConnection("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>");
        return;
    }
    writeRaw("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    // RFC 6120 §5.4.3.3: the client sends nothing more in the clear; whatever it did is dropped.
    m_reader->restart();
    m_headerAnswered = false;
    m_socket->readAll();
    QSslConfiguration tls = m_socket->sslConfiguration();
    tls.setLocalCertificateChain(m_config->certificateChain);
    tls.setPrivateKey(m_config->privateKey);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_socket->setSslConfiguration(tls);
    m_socket->startServerEncryption();
}

void ClientStream::saslElement(const QDomElement &element)
{
    const QString name = element.tagName();
    if (name == QLatin1String("abort")) {
        m_sasl.reset();
        saslFailure(QStringLiteral("aborted"));
        return;
    }
    if (name != QLatin1String("auth") && name != QLatin1String("response")) {
        closeWithError(QStringLiteral("not-authorized"), QStringLiteral("authenticate first"));
        return;
    }
    if (m_config->tls == TlsPolicy::Required && !isEncrypted()) {
        saslFailure(QStringLiteral("encryption-required"));
        return;
    }
    QByteArray data;
    if (!decodeBase64(element.text(), &data)) {
        m_sasl.reset();
        saslFailure(QStringLiteral("incorrect-encoding"));
        return;
    }
    const bool initial = name == QLatin1String("auth");
    if (!initial && !m_sasl) {
        saslFailure(QStringLiteral("malformed-request"), QStringLiteral("no authentication in progress"));
        return;
    }
    const QString mechanism = element.attribute(QStringLiteral("mechanism"));
    if (initial)
        m_saslUserHint = userHint(mechanism, data);
    // A failed login slows the next one for that account and address.
    const int delay = m_config->throttle ? m_config->throttle->delayMs(m_saslUserHint, m_address) : 0;
    if (delay <= 0) {
        saslStep(mechanism, data, initial);
        return;
    }
    m_paused = true;
    QTimer::singleShot(delay, this, [this, mechanism, data, initial] {
        if (m_state == State::Closed || m_closing)
            return;
        saslStep(mechanism, data, initial);
        unpause();
    });
}

void ClientStream::saslStep(const QString &mechanism, const QByteArray &data, bool initial)
{
    SaslServer::Step step;
    if (initial) {
        if (mechanism == QLatin1String("PLAIN") && !plainAllowed()) {
            saslFailure(QStringLiteral("encryption-required"),
                        QStringLiteral("PLAIN needs TLS on this server; use SCRAM or STARTTLS"));
            return;
        }
        m_sasl = std::make_unique<SaslServer>(m_config->credentials, m_config->domain);
        step = m_sasl->start(mechanism, data);
    } else {
        step = m_sasl->respond(data);
    }
    switch (step.outcome) {
    case SaslServer::Outcome::Challenge:
        // RFC 6120 §6.4.2: an empty challenge is "=".
        writeRaw("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                 + (step.data.isEmpty() ? QByteArray("=") : step.data.toBase64()) + "</challenge>");
        return;
    case SaslServer::Outcome::Failure:
        m_sasl.reset();
        if (m_config->throttle)
            m_config->throttle->recordFailure(m_saslUserHint, m_address);
        saslFailure(step.condition);
        return;
    case SaslServer::Outcome::Success:
        break;
    }
    m_user = m_sasl->username();
    m_sasl.reset();
    if (m_config->throttle)
        m_config->throttle->recordSuccess(m_user, m_address);
    m_authTimer.stop();
    m_state = State::Authenticated;
    m_idleTimer.start(m_config->limits.idleTimeoutSeconds * 1000);
    m_reader->restart();
    m_headerAnswered = false;
    m_reader->setMaxElementSize(m_config->limits.maxStanzaSize);
    writeRaw(step.data.isEmpty() ? QByteArray("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
                                 : "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + step.data.toBase64()
                     + "</success>");
}

void ClientStream::saslFailure(const QString &condition, const QString &text)
{
    QByteArray failure = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><" + condition.toUtf8() + "/>";
    if (!text.isEmpty())
        failure += "<text xml:lang='en'>" + escaped(text) + "</text>";
    writeRaw(failure + "</failure>");
    if (condition == QLatin1String("aborted"))
        return;
    if (++m_failedAuths >= m_config->limits.maxFailedAuthAttempts)
        closeWithError(QStringLiteral("policy-violation"),
                       QStringLiteral("%1 failed authentication attempts").arg(m_failedAuths));
}

// Every byte here is a stranger's: a connection may send a few registration requests and
// create one account, each registration slows the next one from the same address (the login
// throttle's delay, under a key no account name can take), and the PLAIN rule applies.
void ClientStream::preAuthRegistration(const QDomElement &iq)
{
    if (++m_registrationRequests > ServiceDefaults::MaxRegistrationRequestsPerConnection) {
        closeWithError(QStringLiteral("policy-violation"),
                       QStringLiteral("at most %1 registration requests per connection")
                           .arg(ServiceDefaults::MaxRegistrationRequestsPerConnection));
        return;
    }
    const bool allowed = m_config->registerAccount && plainAllowed()
        && m_registrations < ServiceDefaults::MaxRegistrationsPerConnection;
    const auto create
        = allowed ? m_config->registerAccount : std::function<QString(const QString &, const QString &)>();
    const QString throttleKey = QStringLiteral("register@") + m_address;
    const QDomElement request = Stanza::copy(iq);
    auto answer = [this, create, throttleKey, request] {
        QString created;
        const QDomElement reply = RegistrationService::preAuthAnswer(request, create, &created);
        if (!created.isEmpty()) {
            ++m_registrations;
            if (m_config->throttle)
                m_config->throttle->recordFailure(throttleKey, QString());
        }
        if (!reply.isNull())
            writeRaw(XmlText::streamBytes(reply));
    };
    const bool set = Stanza::type(iq) == QLatin1String("set");
    const int delay
        = set && create && m_config->throttle ? m_config->throttle->delayMs(throttleKey, QString()) : 0;
    if (delay <= 0) {
        answer();
        return;
    }
    m_paused = true;
    QTimer::singleShot(delay, this, [this, answer] {
        if (m_state == State::Closed || m_closing)
            return;
        answer();
        unpause();
    });
}

void ClientStream::handleAuthenticated(const QDomElement &element)
{
    const QString ns = element.namespaceURI();
    if ((ns == SmNs || ns == Ns::Client) && element.tagName() == QLatin1String("resume")) {
        resume(element);
    } else if (ns == SaslNs || ns == TlsNs) {
        saslFailure(QStringLiteral("not-authorized"), QStringLiteral("this stream is already authenticated"));
    } else if (isIqWith(element, QStringLiteral("bind"), BindNs)) {
        bind(element);
    } else if (isIqWith(element, QStringLiteral("session"), SessionNs)) {
        // RFC 3921 session establishment, still sent by some clients: nothing to do.
        writeRaw(XmlText::streamBytes(Stanza::iqResult(element)));
    } else if (ns == SmNs && element.tagName() == QLatin1String("enable")) {
        writeRaw(SmUnexpectedRequest);
    } else {
        closeWithError(QStringLiteral("not-authorized"), QStringLiteral("bind a resource first"));
    }
}

void ClientStream::bind(const QDomElement &iq)
{
    if (Stanza::type(iq) != QLatin1String("set")) {
        writeRaw(XmlText::streamBytes(
            Stanza::errorReply(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"))));
        return;
    }
    const QDomElement request = Stanza::child(iq, QStringLiteral("bind"), BindNs);
    const QString wanted = Stanza::child(request, QStringLiteral("resource"), BindNs).text();
    QString resource
        = wanted.isEmpty() ? QStringLiteral("minimix-") + randomToken(6) : JidPrep::resource(wanted);
    if (resource.isEmpty()) {
        writeRaw(XmlText::streamBytes(Stanza::errorReply(iq, Stanza::ErrorType::Modify,
                                                         QStringLiteral("bad-request"),
                                                         QStringLiteral("invalid resource"))));
        return;
    }
    m_jid = bareJid() + QLatin1Char('/') + resource;
    m_jidAttributeBytes = m_jid.toHtmlEscaped().toUtf8();
    m_state = State::Bound;
    QDomElement result = Stanza::iqResult(iq);
    result.removeAttribute(QStringLiteral("from"));
    QDomElement bindResult = Stanza::addChild(result, QStringLiteral("bind"), BindNs);
    Stanza::addTextChild(bindResult, QStringLiteral("jid"), m_jid);
    result.setAttribute(QStringLiteral("to"), m_jid);
    writeRaw(XmlText::streamBytes(result));
    emit bound();
}

void ClientStream::handleStanza(QDomElement stanza)
{
    // RFC 6120 §8.1.2.1: the server stamps 'from'; a client may give its own JID at most.
    const QString from = stanza.attribute(QStringLiteral("from"));
    if (!from.isEmpty()) {
        const QString prepared = JidPrep::jid(from);
        if (prepared != m_jid && prepared != bareJid()) {
            closeWithError(QStringLiteral("invalid-from"),
                           QStringLiteral("'%1' is not this session's address").arg(from));
            return;
        }
    }
    if (m_smEnabled)
        ++m_inbound;
    stanza.setAttribute(QStringLiteral("from"), m_jid);
    const QString to = stanza.attribute(QStringLiteral("to"));
    if (!to.isEmpty()) {
        // A session mostly writes to the same few JIDs (its room, a contact): the last
        // one is prepared once, not once per stanza.
        if (to != m_lastTo) {
            m_lastTo = to;
            m_lastToPrepared = JidPrep::jid(to);
        }
        const QString prepared = m_lastToPrepared;
        if (prepared.isEmpty()) {
            if (Stanza::type(stanza) != QLatin1String("error")
                && Stanza::type(stanza) != QLatin1String("result")) {
                QDomElement error
                    = Stanza::errorReply(stanza, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"));
                error.setAttribute(QStringLiteral("from"), m_config->domain);
                sendElement(error);
            }
            return;
        }
        stanza.setAttribute(QStringLiteral("to"), prepared);
    }
    emit stanzaReceived(stanza);
}

void ClientStream::handleStreamManagement(const QDomElement &element)
{
    const QString name = element.tagName();
    if (name == QLatin1String("r")) {
        if (m_smEnabled)
            writeRaw("<a xmlns='urn:xmpp:sm:3' h='" + QByteArray::number(m_inbound) + "'/>");
    } else if (name == QLatin1String("a")) {
        bool ok = false;
        const quint32 h = element.attribute(QStringLiteral("h")).toUInt(&ok);
        if (!m_smEnabled || !ok) {
            closeWithError(QStringLiteral("bad-format"), QStringLiteral("an <a/> needs a number h"));
            return;
        }
        m_ackRequested = false;
        acknowledge(h);
    } else if (name == QLatin1String("enable")) {
        if (m_smEnabled) {
            writeRaw(SmUnexpectedRequest);
            return;
        }
        m_smEnabled = true;
        const QString resume = element.attribute(QStringLiteral("resume"));
        m_resumable = resume == QLatin1String("true") || resume == QLatin1String("1");
        QByteArray enabled = "<enabled xmlns='urn:xmpp:sm:3'";
        if (m_resumable) {
            m_resumptionId = randomToken(18);
            enabled += " id='" + escaped(m_resumptionId) + "' resume='true' max='"
                + QByteArray::number(m_config->limits.resumeTimeoutSeconds) + "'";
        }
        writeRaw(enabled + "/>");
    } else if (name == QLatin1String("resume")) {
        writeRaw(SmUnexpectedRequest);
    } else {
        closeWithError(QStringLiteral("unsupported-stanza-type"),
                       QStringLiteral("unknown stream management element"));
    }
}

bool ClientStream::acknowledge(quint32 h)
{
    // h counts modulo 2^32 (XEP-0198 §4); unacked stanzas are the last m_unacked.size() sent.
    const quint32 firstUnacked = m_outbound - quint32(m_unacked.size());
    const quint32 newlyAcked = h - firstUnacked;
    if (newlyAcked > m_unacked.size()) {
        closeWithError(QStringLiteral("undefined-condition"),
                       QStringLiteral("acknowledged %1 stanzas of %2 sent").arg(h).arg(m_outbound));
        return false;
    }
    for (quint32 i = 0; i < newlyAcked; ++i) {
        m_unackedBytes -= m_unacked.front().size();
        m_unacked.pop_front();
    }
    if (m_unacked.empty())
        m_ackTimer.stop();
    return true;
}

void ClientStream::requestAck()
{
    if (!m_smEnabled || m_ackRequested || !m_socket || m_state != State::Bound)
        return;
    m_ackRequested = true;
    writeRaw("<r xmlns='urn:xmpp:sm:3'/>");
}

void ClientStream::resume(const QDomElement &request)
{
    bool ok = false;
    const quint32 h = request.attribute(QStringLiteral("h")).toUInt(&ok);
    const QString previd = request.attribute(QStringLiteral("previd"));
    ClientStream *session = nullptr;
    if (ok && request.namespaceURI() == SmNs) {
        session = m_config->findResumable ? m_config->findResumable(previd) : nullptr;
    } else if (ok && previd.isEmpty() && m_config->findOnlyDetached) {
        // QXmpp up to 1.4 never reads the id of <enabled/> and sends <resume/> without its
        // namespace and with an empty previd: its account's one detached session is meant.
        session = m_config->findOnlyDetached(bareJid());
    }
    // Only the account that owns a session may resume it.
    if (!session || session == this || session->m_user != m_user || !session->m_resumable) {
        writeRaw("<failed xmlns='urn:xmpp:sm:3'><item-not-found "
                 "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        return;
    }
    session->adopt(this, h);
}

void ClientStream::adopt(ClientStream *newcomer, quint32 acknowledged)
{
    // An old connection that has not noticed it is gone yields silently.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    QSslSocket *socket = newcomer->m_socket;
    socket->disconnect(newcomer);
    newcomer->m_socket = nullptr;
    m_reader = std::move(newcomer->m_reader);
    m_peer = newcomer->m_peer;
    m_address = newcomer->m_address;
    m_tokens = newcomer->m_tokens;
    newcomer->m_state = State::Closed;
    newcomer->deleteLater(); // never bound: nobody knew it
    attachSocket(socket);
    m_resumeTimer.stop();
    m_state = State::Bound;
    m_closing = false;
    m_idleTimer.start(m_config->limits.idleTimeoutSeconds * 1000);
    if (!acknowledge(acknowledged))
        return;
    m_ackRequested = false;
    writeRaw("<resumed xmlns='urn:xmpp:sm:3' previd='" + escaped(m_resumptionId) + "' h='"
             + QByteArray::number(m_inbound) + "'/>");
    // What the client missed, in order; still unacknowledged until it says so.
    for (const QByteArray &stanza : m_unacked)
        writeRaw(stanza);
    if (!m_unacked.empty())
        requestAck();
    emit resumed();
    // What the client sent after <resume/> is in the reader already.
    QMetaObject::invokeMethod(
        this,
        [this] {
            processEvents();
            readInput();
        },
        Qt::QueuedConnection);
}

void ClientStream::sendElement(const QDomElement &stanza)
{
    sendStanzaData(XmlText::streamBytes(stanza));
}

void ClientStream::sendStanzaData(const QByteArray &stanza)
{
    if (m_state == State::Closed || m_closing)
        return;
    if (m_smEnabled) {
        ++m_outbound;
        m_unacked.push_back(stanza);
        m_unackedBytes += stanza.size();
        if (int(m_unacked.size()) > m_config->limits.maxUnackedStanzas
            || m_unackedBytes > m_config->limits.maxOutputQueueBytes) {
            if (m_state == State::Detached)
                finish(); // the queue outgrew what a detached session may hold
            else
                closeWithError(QStringLiteral("resource-constraint"),
                               QStringLiteral("too many unacknowledged stanzas"));
            return;
        }
    }
    if (!m_socket)
        return;
    writeRaw(stanza);
    if (m_smEnabled && !m_ackRequested) {
        if (int(m_unacked.size()) >= StreamDefaults::AckRequestThreshold)
            requestAck();
        else if (!m_ackTimer.isActive())
            m_ackTimer.start(StreamDefaults::AckRequestDelayMs);
    }
}

void ClientStream::writeRaw(const QByteArray &data)
{
    if (!m_socket)
        return;
    m_socket->write(data);
    if (!m_flushQueued) {
        // Everything written during this event-loop turn goes to the kernel at once when
        // the turn ends (as QSslSocket does), not one block per socket per turn.
        m_flushQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_flushQueued = false;
                if (m_socket)
                    m_socket->flush();
            },
            Qt::QueuedConnection);
    }
    checkOutputBound();
}

void ClientStream::checkOutputBound()
{
    if (!m_socket || m_closing || m_socket->bytesToWrite() <= m_config->limits.maxOutputQueueBytes)
        return;
    // Qt hands written data to the kernel only back in the event loop: what the kernel
    // takes now is not waiting for a slow reader (one turn may answer many requests).
    m_socket->flush();
    if (!m_socket || m_closing || m_state == State::Closed
        || m_socket->bytesToWrite() <= m_config->limits.maxOutputQueueBytes)
        return;
    // A reader this far behind would hold the server's memory: it is cut off.
    m_socket->disconnect(this);
    m_socket->abort();
    emit streamError(QStringLiteral("resource-constraint"), QStringLiteral("the client reads too slowly"));
    finish();
}

void ClientStream::closeWithError(const QString &condition, const QString &text)
{
    if (m_closing || m_state == State::Closed || !m_socket)
        return;
    QByteArray error;
    if (!m_headerAnswered) {
        // RFC 6120 §4.9.1.2: a stream header of our own first, if the client's was not answered.
        error += "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                 "xmlns:stream='http://etherx.jabber.org/streams' from='"
            + escaped(m_config->domain) + "' version='1.0'>";
    }
    error += "<stream:error><" + condition.toUtf8() + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>";
    if (!text.isEmpty())
        error
            += "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>" + escaped(text) + "</text>";
    error += "</stream:error></stream:stream>";
    emit streamError(condition, text);
    // The session ends with the error, whatever stream management was enabled.
    closeConnection(error);
}

void ClientStream::closeConnection(const QByteArray &lastWords)
{
    m_closing = true;
    m_resumable = false;
    m_socket->write(lastWords);
    m_socket->disconnectFromHost();
    QTimer::singleShot(CloseGraceMs, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
}

void ClientStream::closeSession()
{
    if (m_state == State::Closed)
        return;
    m_resumable = false;
    if (m_socket && !m_closing) {
        closeConnection("</stream:stream>");
    } else if (!m_socket) {
        finish();
    }
}

void ClientStream::abortSession()
{
    m_resumable = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    finish();
}

void ClientStream::flushOutput()
{
    if (m_socket)
        m_socket->flush();
}

qint64 ClientStream::pendingOutputBytes() const
{
    if (m_socket)
        return m_socket->bytesToWrite();
    // Detached: everything sent to it waits for a resumption.
    return m_state == State::Detached ? m_unackedBytes : 0;
}

void ClientStream::onDisconnected()
{
    if (m_state == State::Closed || !m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->deleteLater();
    m_socket = nullptr;
    if (m_state == State::Bound && m_resumable && !m_closing) {
        m_state = State::Detached;
        m_paused = false;
        m_stanzaThrottled = false;
        m_stanzaTimer.stop();
        m_reader.reset(); // a resuming connection brings its own stream
        m_idleTimer.stop();
        m_ackTimer.stop();
        m_ackRequested = false;
        m_resumeTimer.start(m_config->limits.resumeTimeoutSeconds * 1000);
        emit detached();
        return;
    }
    finish();
}

void ClientStream::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_authTimer.stop();
    m_idleTimer.stop();
    m_resumeTimer.stop();
    m_ackTimer.stop();
    m_refillTimer.stop();
    m_stanzaTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_unacked.clear();
    emit closed();
    deleteLater();
}

void ClientStream::unpause()
{
    m_paused = false;
    processEvents();
    readInput();
}
