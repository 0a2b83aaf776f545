// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/ScriptClient.h"

#include "Jid.h"
#include "StanzaReader.h"

#include <QDomDocument>
#include <QSslConfiguration>
#include <QSslSocket>

namespace {
const QString TlsNs = QStringLiteral("urn:ietf:params:xml:ns:xmpp-tls");
const QString SaslNs = QStringLiteral("urn:ietf:params:xml:ns:xmpp-sasl");
const QString BindNs = QStringLiteral("urn:ietf:params:xml:ns:xmpp-bind");
const QString PingPrefix = QStringLiteral("script-ping-");

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

ScriptClient::ScriptClient(const QString &name, QObject *parent)
    : QObject(parent)
    , m_name(name)
{ }

ScriptClient::~ScriptClient() = default;

void ScriptClient::connectToServer(const Login &login)
{
    abort();
    m_login = login;
    m_error.clear();
    m_fullJid.clear();
    m_socket = new QSslSocket(this);
    if (!login.trusted.isNull()) {
        QSslConfiguration config = m_socket->sslConfiguration();
        config.setCaCertificates({ login.trusted });
        m_socket->setSslConfiguration(config);
        // A self-signed certificate for "localhost": trusted as the one given, by name too.
        m_socket->ignoreSslErrors({ QSslError(QSslError::SelfSignedCertificate, login.trusted),
                                    QSslError(QSslError::HostNameMismatch, login.trusted) });
    } else {
        QSslConfiguration config = m_socket->sslConfiguration();
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket->setSslConfiguration(config);
    }
    QSslSocket *socket = m_socket;
    connect(socket, &QSslSocket::connected, this, [this] { openStream(); });
    connect(socket, &QSslSocket::encrypted, this, [this] { openStream(); });
    connect(socket, &QSslSocket::readyRead, this, &ScriptClient::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
        if (socket == m_socket)
            setOffline();
    });
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) {
                if (socket != m_socket || error == QAbstractSocket::RemoteHostClosedError)
                    return;
                fail(socket->errorString());
            });
    m_state = State::Opening;
    socket->connectToHost(login.host, login.port);
    emit changed();
}

void ScriptClient::openStream()
{
    m_reader = std::make_unique<StanzaReader>();
    writeRaw(QStringLiteral("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                            "xmlns:stream='http://etherx.jabber.org/streams' to='%1' version='1.0'>")
                 .arg(escaped(Jid::domain(m_login.bareJid))));
}

void ScriptClient::writeRaw(const QString &text)
{
    if (m_socket)
        m_socket->write(text.toUtf8());
}

void ScriptClient::onReadyRead()
{
    if (!m_socket || !m_reader)
        return;
    m_reader->feed(m_socket->readAll());
    for (;;) {
        const StanzaReader::Event event = m_reader ? m_reader->next() : StanzaReader::Event::NeedMore;
        switch (event) {
        case StanzaReader::Event::NeedMore:
            return;
        case StanzaReader::Event::StreamOpened:
            break;
        case StanzaReader::Event::Element:
            handleElement(m_reader->element());
            break;
        case StanzaReader::Event::StreamClosed:
            if (m_state != State::Closing)
                m_error = QStringLiteral("the server closed the stream");
            if (m_socket)
                m_socket->disconnectFromHost();
            return;
        case StanzaReader::Event::Failed:
            fail(QStringLiteral("unreadable XML from the server: %1").arg(m_reader->faultText()));
            return;
        }
    }
}

void ScriptClient::handleElement(const QDomElement &element)
{
    const QString tag = element.tagName();
    if (element.namespaceURI() == QLatin1String("http://etherx.jabber.org/streams")) {
        if (tag == QLatin1String("error")) {
            const QDomElement condition = element.firstChildElement();
            m_error = QStringLiteral("stream error: %1").arg(condition.localName());
            return;
        }
        if (tag != QLatin1String("features"))
            return;
        if (m_state == State::Opening && !m_socket->isEncrypted()
            && !element.firstChildElement(QStringLiteral("starttls")).isNull()) {
            m_state = State::Tls;
            writeRaw(QStringLiteral("<starttls xmlns='%1'/>").arg(TlsNs));
            return;
        }
        if (m_state == State::Opening || m_state == State::Tls) {
            const QString user = Jid::node(m_login.bareJid);
            const QByteArray token
                = QByteArray(1, '\0') + user.toUtf8() + QByteArray(1, '\0') + m_login.password.toUtf8();
            m_state = State::Authenticating;
            writeRaw(QStringLiteral("<auth xmlns='%1' mechanism='PLAIN'>%2</auth>")
                         .arg(SaslNs, QString::fromLatin1(token.toBase64())));
            return;
        }
        if (m_state == State::Binding) {
            const QString resource = m_login.resource.isEmpty()
                ? QString()
                : QStringLiteral("<resource>%1</resource>").arg(escaped(m_login.resource));
            writeRaw(QStringLiteral("<iq type='set' id='script-bind'><bind xmlns='%1'>%2</bind></iq>")
                         .arg(BindNs, resource));
        }
        return;
    }
    if (element.namespaceURI() == TlsNs) {
        if (tag == QLatin1String("proceed")) {
            m_reader.reset();
            m_socket->startClientEncryption();
        } else {
            fail(QStringLiteral("the server refused STARTTLS"));
        }
        return;
    }
    if (element.namespaceURI() == SaslNs) {
        if (tag == QLatin1String("success")) {
            m_state = State::Binding;
            openStream();
        } else if (tag == QLatin1String("failure")) {
            const QDomElement condition = element.firstChildElement();
            fail(QStringLiteral("authentication failed (%1)").arg(condition.localName()));
        }
        return;
    }
    const QString id = element.attribute(QStringLiteral("id"));
    if (m_state == State::Binding && tag == QLatin1String("iq") && id == QLatin1String("script-bind")) {
        const QString jid = element.firstChildElement(QStringLiteral("bind"))
                                .firstChildElement(QStringLiteral("jid"))
                                .text()
                                .trimmed();
        if (element.attribute(QStringLiteral("type")) != QLatin1String("result") || jid.isEmpty()) {
            fail(QStringLiteral("the server refused to bind the resource"));
            return;
        }
        m_fullJid = jid;
        m_state = State::Online;
        emit online();
        emit changed();
        return;
    }
    if (tag == QLatin1String("iq") && id.startsWith(PingPrefix)) {
        emit pingAnswered(id);
        emit changed();
        return;
    }
    emit elementReceived(element);
    emit changed();
}

bool ScriptClient::sendXml(const QString &xml)
{
    if (m_state != State::Online)
        return false;
    writeRaw(xml);
    QDomDocument document;
    const QString wrapped = QStringLiteral("<w xmlns='jabber:client'>%1</w>").arg(xml);
    if (document.setContent(wrapped, true))
        emit elementSent(document.documentElement().firstChildElement());
    return true;
}

QString ScriptClient::ping()
{
    if (m_state != State::Online)
        return QString();
    const QString id = PingPrefix + QString::number(m_nextPing++);
    writeRaw(QStringLiteral("<iq type='get' id='%1' to='%2'><ping xmlns='urn:xmpp:ping'/></iq>")
                 .arg(id, escaped(Jid::domain(m_login.bareJid))));
    return id;
}

void ScriptClient::disconnectFromServer()
{
    if (!m_socket || m_state == State::Offline)
        return;
    m_state = State::Closing;
    writeRaw(QStringLiteral("</stream:stream>"));
    m_socket->disconnectFromHost();
    emit changed();
}

void ScriptClient::abort()
{
    if (!m_socket)
        return;
    QSslSocket *socket = m_socket;
    m_socket = nullptr;
    m_reader.reset();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (m_state != State::Offline) {
        m_state = State::Offline;
        m_fullJid.clear();
        emit offline();
        emit changed();
    }
}

void ScriptClient::fail(const QString &error)
{
    m_error = error;
    abort();
}

void ScriptClient::setOffline()
{
    if (m_state == State::Offline)
        return;
    if (m_state != State::Online && m_state != State::Closing && m_error.isEmpty())
        m_error = QStringLiteral("the connection closed while logging in");
    m_state = State::Offline;
    m_fullJid.clear();
    m_reader.reset();
    emit offline();
    emit changed();
}
