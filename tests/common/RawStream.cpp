// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RawStream.h"

#include "ScramClient.h"
#include "TestClient.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTimer>
#include <QXmlStreamReader>
#include <sys/socket.h>

ServerOutput ServerOutput::parse(const QByteArray &bytes)
{
    ServerOutput output;
    const QByteArray declaration = QByteArrayLiteral("<?xml version='1.0'?>");
    int start = 0;
    while (start < bytes.size()) {
        int end = bytes.indexOf(declaration, start + 1);
        if (end < 0)
            end = bytes.size();
        QXmlStreamReader xml(bytes.mid(start, end - start));
        start = end;
        QDomDocument document;
        QDomNode current;
        int depth = 0;
        while (!xml.atEnd() && !xml.hasError()) {
            xml.readNext();
            if (xml.isStartElement()) {
                if (depth++ == 0) {
                    ++output.headers;
                    continue;
                }
                // A stream header inside a stream (without a declaration of its own) counts too.
                if (xml.name() == QLatin1String("stream") && xml.namespaceUri() == RawNs::Stream)
                    ++output.headers;
                if (depth == 2)
                    document = QDomDocument(); // each top-level element in a document of its own
                QDomElement element
                    = document.createElementNS(xml.namespaceUri().toString(), xml.qualifiedName().toString());
                for (const QXmlStreamAttribute &attribute : xml.attributes())
                    element.setAttribute(attribute.qualifiedName().toString(), attribute.value().toString());
                if (depth == 2) {
                    output.documents << document;
                    current = document.appendChild(element);
                } else {
                    current = current.appendChild(element);
                }
            } else if (xml.isEndElement()) {
                if (--depth == 0) {
                    output.closed = true;
                } else if (depth == 1) {
                    output.elements << current.toElement();
                    current = QDomNode();
                } else {
                    current = current.parentNode();
                }
            } else if (xml.isCharacters() && depth >= 2) {
                current.appendChild(document.createTextNode(xml.text().toString()));
            }
        }
        if (xml.hasError() && output.parseError.isEmpty())
            output.parseError = xml.errorString();
    }
    return output;
}

QList<QDomElement> ServerOutput::matching(const QString &name, const QString &ns) const
{
    QList<QDomElement> found;
    for (const QDomElement &e : elements) {
        if (e.localName() == name && e.namespaceURI() == ns)
            found << e;
    }
    return found;
}

QString ServerOutput::streamError() const
{
    const QList<QDomElement> errors = matching(QStringLiteral("error"), RawNs::Stream);
    if (errors.isEmpty())
        return QString();
    for (QDomElement e = errors.first().firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.namespaceURI() == RawNs::StreamErrors && e.localName() != QLatin1String("text"))
            return e.localName();
    }
    return QStringLiteral("(stream error without condition)");
}

QStringList ServerOutput::streamErrorConditions() const
{
    QStringList conditions;
    for (const QDomElement &error : matching(QStringLiteral("error"), RawNs::Stream)) {
        for (QDomElement e = error.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
            if (e.namespaceURI() == RawNs::StreamErrors && e.localName() != QLatin1String("text"))
                conditions << e.localName();
        }
    }
    return conditions;
}

QString ServerOutput::streamErrorText() const
{
    QString text;
    for (const QDomElement &error : matching(QStringLiteral("error"), RawNs::Stream)) {
        for (QDomElement e = error.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
            if (e.namespaceURI() == RawNs::StreamErrors && e.localName() == QLatin1String("text"))
                text = e.text();
        }
    }
    return text;
}

QStringList ServerOutput::saslFailures() const
{
    QStringList conditions;
    for (const QDomElement &failure : matching(QStringLiteral("failure"), RawNs::Sasl))
        conditions << failure.firstChildElement().localName();
    return conditions;
}

QDomElement ServerOutput::iq(const QString &id) const
{
    for (const QDomElement &e : elements) {
        if (e.localName() == QLatin1String("iq") && e.attribute(QStringLiteral("id")) == id)
            return e;
    }
    return {};
}

RawStream::RawStream(quint16 port, QObject *parent)
    : RawStream(port, QHostAddress(), parent)
{ }

RawStream::RawStream(quint16 port, const QHostAddress &from, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QSslSocket::readyRead, this, [this] {
        if (m_reading) {
            m_received += m_socket.readAll();
            emit changed();
        }
    });
    connect(&m_socket, &QSslSocket::disconnected, this, &RawStream::changed);
    connect(&m_socket, &QSslSocket::encrypted, this, &RawStream::changed);
    connect(&m_socket, qOverload<const QList<QSslError> &>(&QSslSocket::sslErrors), this,
            [this](const QList<QSslError> &errors) {
                for (const QSslError &error : errors)
                    m_sslErrors << error.errorString();
            });
    if (!from.isNull())
        m_socket.bind(from);
    QSignalSpy connected(&m_socket, &QSslSocket::connected);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!connected.wait(5000))
        qWarning("raw connection to port %d failed", port);
    // Each write leaves at once (no Nagle coalescing), so paced writes reach the server
    // piece by piece.
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

RawStream::~RawStream()
{
    m_socket.abort();
}

QByteArray RawStream::header(const QByteArray &to)
{
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
           "xmlns:stream='http://etherx.jabber.org/streams' to='"
        + to + "' version='1.0'>";
}

QByteArray RawStream::plainAuth(const QByteArray &user, const QByteArray &password, const QByteArray &authzid)
{
    return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        + (authzid + '\0' + user + '\0' + password).toBase64() + "</auth>";
}

QByteArray RawStream::bindRequest(const QByteArray &id, const QByteArray &resource)
{
    return "<iq type='set' id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
        + resource + "</resource></bind></iq>";
}

QByteArray RawStream::pingRequest(const QByteArray &id)
{
    return "<iq type='get' id='" + id + "' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>";
}

QString RawStream::show(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes.size() > 1500 ? bytes.left(700) + " [...] " + bytes.right(700) : bytes);
}

void RawStream::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

bool RawStream::shutdownWrite()
{
    m_socket.flush();
    return ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR) == 0;
}

void RawStream::stopReading()
{
    m_reading = false;
    m_socket.setReadBufferSize(1024);
}

bool RawStream::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &RawStream::changed, &loop, [&] {
        if (done())
            loop.quit();
    });
    timeout.start(timeoutMs);
    loop.exec();
    return done();
}

bool RawStream::waitFor(const QByteArray &needle, int timeoutMs, int since)
{
    return waitUntil([&] { return m_received.indexOf(needle, since) >= 0; }, timeoutMs);
}

bool RawStream::waitForClose(int timeoutMs)
{
    if (!waitUntil([this] { return !isOpen(); }, timeoutMs))
        return false;
    if (m_reading)
        m_received += m_socket.readAll();
    return true;
}

QDomElement RawStream::waitForElement(const std::function<bool(const QDomElement &)> &matches, int since,
                                      int timeoutMs)
{
    QDomElement found;
    const auto done = [&] {
        const ServerOutput out = output();
        for (int i = since; i < out.elements.size(); ++i) {
            if (matches(out.elements.at(i))) {
                found = out.elements.at(i);
                return true;
            }
        }
        return !isOpen();
    };
    waitUntil(done, timeoutMs);
    return found;
}

QDomElement RawStream::waitForElement(const QString &name, const QString &ns, int since, int timeoutMs)
{
    return waitForElement(
        [&](const QDomElement &e) { return e.localName() == name && e.namespaceURI() == ns; }, since,
        timeoutMs);
}

QDomElement RawStream::openStream(const QByteArray &header)
{
    const int since = elementMark();
    send(header);
    return waitForElement(QStringLiteral("features"), RawNs::Stream, since);
}

bool RawStream::startTls(const QSslCertificate &certificate, const QByteArray &afterStartTls)
{
    const int since = elementMark();
    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + afterStartTls);
    if (waitForElement(QStringLiteral("proceed"), RawNs::Tls, since).isNull())
        return false;
    QSslConfiguration configuration = m_socket.sslConfiguration();
    configuration.setCaCertificates({ certificate });
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket.setSslConfiguration(configuration);
    m_socket.setPeerVerifyName(QStringLiteral("localhost"));
    m_socket.startClientEncryption();
    return waitUntil([this] { return m_socket.isEncrypted() || !isOpen(); }) && m_socket.isEncrypted();
}

QString RawStream::authenticatePlain(const QByteArray &user, const QByteArray &password,
                                     const QByteArray &authzid)
{
    return saslOutcome(plainAuth(user, password, authzid));
}

QString RawStream::authenticateScram(const QString &mechanism, const QByteArray &user,
                                     const QByteArray &password)
{
    ScramClient scram(mechanism, user, password);
    const int since = elementMark();
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + mechanism.toLatin1() + "'>"
         + scram.first().toBase64() + "</auth>");
    const QDomElement challenge = waitForElement(
        [](const QDomElement &e) {
            return e.namespaceURI() == RawNs::Sasl || e.namespaceURI() == RawNs::Stream;
        },
        since);
    if (challenge.localName() != QLatin1String("challenge"))
        return outcomeOf(challenge);
    return saslOutcome("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                       + scram.final(QByteArray::fromBase64(challenge.text().toLatin1())).toBase64()
                       + "</response>");
}

QString RawStream::bind(const QByteArray &resource)
{
    const QByteArray id = "bind-" + QByteArray::number(++m_nextId);
    const int since = elementMark();
    send(bindRequest(id, resource));
    const QDomElement answer = waitForElement(
        [&](const QDomElement &e) { return e.attribute(QStringLiteral("id")) == QLatin1String(id); }, since);
    if (answer.attribute(QStringLiteral("type")) != QLatin1String("result"))
        return QStringLiteral("error:") + errorCondition(answer);
    return answer.firstChildElement(QStringLiteral("bind")).firstChildElement(QStringLiteral("jid")).text();
}

bool RawStream::authenticate(const QByteArray &user, const QByteArray &password)
{
    if (openStream().isNull()) {
        qWarning("no stream features: %s", qPrintable(show(m_received)));
        return false;
    }
    const QString failure = authenticatePlain(user, password);
    if (!failure.isEmpty()) {
        qWarning("PLAIN failed: %s", qPrintable(failure));
        return false;
    }
    if (openStream().isNull()) {
        qWarning("no features after SASL: %s", qPrintable(show(m_received)));
        return false;
    }
    return true;
}

QString RawStream::logIn(const QByteArray &user, const QByteArray &resource, const QByteArray &password)
{
    if (!authenticate(user, password))
        return QString();
    const QString jid = bind(resource);
    if (jid.isEmpty() || jid.startsWith(QLatin1String("error:"))) {
        qWarning("bind failed: %s", qPrintable(jid));
        return QString();
    }
    return jid;
}

bool RawStream::ping()
{
    const QByteArray id = "ping-" + QByteArray::number(++m_nextId);
    const int since = elementMark();
    send(pingRequest(id));
    return !waitForElement(
                [&](const QDomElement &e) { return e.attribute(QStringLiteral("id")) == QLatin1String(id); },
                since)
                .isNull();
}

QString RawStream::saslOutcome(const QByteArray &request)
{
    const int since = elementMark();
    send(request);
    return outcomeOf(waitForElement(
        [](const QDomElement &e) {
            return (e.namespaceURI() == RawNs::Sasl
                    && (e.localName() == QLatin1String("success")
                        || e.localName() == QLatin1String("failure")))
                || e.namespaceURI() == RawNs::Stream;
        },
        since));
}

QString RawStream::outcomeOf(const QDomElement &answer) const
{
    if (answer.localName() == QLatin1String("success"))
        return QString();
    if (answer.localName() == QLatin1String("failure"))
        return answer.firstChildElement().localName();
    if (answer.isNull())
        return QStringLiteral("(no answer)");
    return QStringLiteral("(stream error %1)").arg(output().streamError());
}
