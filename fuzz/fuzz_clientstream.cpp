// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: the first stanzas a client sends to the server. One process-wide
// MinimixServer (":memory:" database, STARTTLS optional, PLAIN allowed without TLS,
// account alice/secret) listens on loopback; each input is written by a new TCP
// connection, the event loop runs until the server has read it all and answered (or
// closed), and the connection is cut. Nothing may crash, leak or hang, and the server
// keeps serving (checked every CheckEvery inputs: a new connection gets its stream
// features, and no server stream lives on long after its connection).
//
// Input: a raw client stream (it starts with '<', white space or a byte order mark),
// or an options byte followed by the client's bytes:
//   bits 0-1: where the bytes start
//     0  the first byte of the connection
//     1  after a login: the bytes start the new stream (header, bind, ...)
//     2  after the login, the new stream's header and a bind: the stream is a session
//     3  as 1, with a detached resumable session of the same account (XEP-0198):
//        "PREVID" in the input stands for its resumption id
//   bits 2-3: how the bytes are written: at once, or in pieces of 1..7, 1..61 or
//     1..509 bytes with the event loop running between them (TCP segmentation)
// The logins of modes 1-3 use an account and source addresses of their own, so the
// login throttle that failed logins of other inputs feed never delays them.
#include "ClientListener.h"
#include "ClientStream.h"
#include "MinimixServer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <sys/ioctl.h>
#include <utility>

#define FUZZ_FAIL(...)                                                                                       \
    do {                                                                                                     \
        std::fprintf(stderr, "fuzz_clientstream: ");                                                         \
        std::fprintf(stderr, __VA_ARGS__);                                                                   \
        std::fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);                                              \
        std::abort();                                                                                        \
    } while (false)

namespace {
// Pump rounds: an input gets at most this many event loop turns and this much time.
constexpr int MaxRounds = 2000;
constexpr int MaxInputMs = 500;
// Every this many inputs the server's health is checked.
constexpr int CheckEvery = 500;
// Every connection ends within its input; its server stream must be gone within this
// long after it was accepted (the longest login throttle delay is 8 s, the close grace
// 5 s, the auth timeout and idle timeout here 5 s, resumption here 1 s).
constexpr qint64 StreamLifetimeLimitMs = 30000;

const QByteArray Header = QByteArrayLiteral("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                                            "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' "
                                            "version='1.0'>");
const QByteArray PrefixUser = QByteArrayLiteral("prefixlogin");
const QByteArray PrefixPassword = QByteArrayLiteral("k7Qz-prefix-login-not-in-any-seed");

struct Harness
{
    MinimixServer *server = nullptr;
    quint16 port = 0;
    quint32 nextAddress = 0;
    quint64 inputs = 0;
    QElapsedTimer clock;
    // Every stream the server accepted, oldest first, and when.
    std::deque<std::pair<QPointer<ClientStream>, qint64>> streams;
};
Harness *harness = nullptr;

void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg || type == QtCriticalMsg || qEnvironmentVariableIsSet("FUZZ_VERBOSE"))
        std::fprintf(stderr, "%s\n", qPrintable(message));
    if (type == QtFatalMsg)
        std::abort();
}

void pumpOnce()
{
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

int pendingBytes(qintptr descriptor)
{
    int pending = 0;
    if (descriptor < 0 || ::ioctl(int(descriptor), FIONREAD, &pending) != 0)
        return 0;
    return pending;
}

// One client connection, from its own loopback source address.
class Connection
{
public:
    explicit Connection(bool prefixAddress)
    {
        // 127.1.0.0/16 for plain inputs, 127.2.0.0/16 for the logins of modes 1-3: each
        // connection its own address, so no input's failed logins slow another's.
        const quint32 address
            = (prefixAddress ? 0x7F020000u : 0x7F010000u) + 1 + (harness->nextAddress++ % 65000u);
        m_socket.bind(QHostAddress(address));
        m_socket.connectToHost(QHostAddress::LocalHost, harness->port);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_received += m_socket.readAll(); });
        for (int round = 0; round < MaxRounds && m_socket.state() != QAbstractSocket::ConnectedState; ++round)
            pumpOnce();
        // The server's end of the connection: the socket its ClientStream owns.
        for (int round = 0; round < MaxRounds && !m_serverSocket && isOpen(); ++round) {
            pumpOnce();
            for (QSslSocket *socket : harness->server->findChildren<QSslSocket *>()) {
                if (socket->peerPort() == m_socket.localPort()
                    && socket->peerAddress() == m_socket.localAddress())
                    m_serverSocket = socket;
            }
        }
        if (m_serverSocket)
            m_stream = qobject_cast<ClientStream *>(m_serverSocket->parent());
    }

    ~Connection() { close(); }

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QByteArray received() const { return m_received; }

    void write(const QByteArray &bytes)
    {
        if (!isOpen())
            return;
        m_socket.write(bytes);
        m_socket.flush();
    }

    // Runs the event loop until the server has read everything sent and its answers
    // arrived, it closed the connection, or the bounds are reached.
    void settle()
    {
        QElapsedTimer timer;
        timer.start();
        int quiet = 0;
        for (int round = 0; round < MaxRounds && timer.elapsed() < MaxInputMs && isOpen(); ++round) {
            const int before = m_received.size();
            pumpOnce();
            const bool serverDone = !m_serverSocket
                || (m_serverSocket->bytesAvailable() == 0
                    && pendingBytes(m_serverSocket->socketDescriptor()) == 0);
            const bool clientDone
                = m_socket.bytesToWrite() == 0 && pendingBytes(m_socket.socketDescriptor()) == 0;
            quiet = serverDone && clientDone && m_received.size() == before ? quiet + 1 : 0;
            if (quiet >= 3)
                return;
        }
    }

    // Runs the event loop until the server sent needle (or gave up).
    bool waitFor(const QByteArray &needle)
    {
        QElapsedTimer timer;
        timer.start();
        while (!m_received.contains(needle) && isOpen() && timer.elapsed() < 5000)
            pumpOnce();
        return m_received.contains(needle);
    }

    // Cuts the connection, as a lost network would, and lets the server notice.
    void close()
    {
        if (m_socket.state() == QAbstractSocket::UnconnectedState && !m_stream)
            return;
        m_socket.abort();
        for (int round = 0; round < 50 && m_stream && m_stream->state() != ClientStream::State::Detached;
             ++round)
            pumpOnce();
        m_stream = nullptr;
    }

    // Logs in with the account of the modes 1-3 (SCRAM-SHA-256: the server checks stored keys,
    // which is cheaper than PLAIN's key derivation); the client's next bytes start a new stream.
    bool login()
    {
        static const QByteArray SaslNs = QByteArrayLiteral("urn:ietf:params:xml:ns:xmpp-sasl");
        const QByteArray clientFirstBare = "n=" + PrefixUser + ",r=fuzzclientnonce";
        write(Header + "<auth xmlns='" + SaslNs + "' mechanism='SCRAM-SHA-256'>"
              + ("n,," + clientFirstBare).toBase64() + "</auth>");
        if (!waitFor("</challenge>"))
            return false;
        const int start = m_received.indexOf('>', m_received.indexOf("<challenge")) + 1;
        const QByteArray serverFirst
            = QByteArray::fromBase64(m_received.mid(start, m_received.indexOf("</challenge>") - start));
        QByteArray nonce, salt;
        int iterations = 0;
        for (const QByteArray &field : serverFirst.split(',')) {
            if (field.startsWith("r="))
                nonce = field.mid(2);
            else if (field.startsWith("s="))
                salt = QByteArray::fromBase64(field.mid(2));
            else if (field.startsWith("i="))
                iterations = field.mid(2).toInt();
        }
        // The salt stays the same for the account: the key is derived once.
        static QByteArray cachedSalt, saltedPassword;
        if (salt != cachedSalt) {
            saltedPassword = QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, PrefixPassword,
                                                                salt, iterations, 32);
            cachedSalt = salt;
        }
        const QByteArray clientFinal = "c=biws,r=" + nonce;
        const QByteArray authMessage = clientFirstBare + ',' + serverFirst + ',' + clientFinal;
        const QByteArray clientKey
            = QMessageAuthenticationCode::hash("Client Key", saltedPassword, QCryptographicHash::Sha256);
        const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
        QByteArray proof
            = QMessageAuthenticationCode::hash(authMessage, storedKey, QCryptographicHash::Sha256);
        for (int i = 0; i < proof.size(); ++i)
            proof[i] = char(proof[i] ^ clientKey[i]);
        write("<response xmlns='" + SaslNs + "'>" + (clientFinal + ",p=" + proof.toBase64()).toBase64()
              + "</response>");
        return waitFor("<success");
    }

    // Restarts the stream after login() and binds the resource.
    bool bind(const QByteArray &resource)
    {
        write(Header
              + "<iq type='set' id='fuzz-bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
              + resource + "</resource></bind></iq>");
        return waitFor("</bind>");
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    QPointer<QSslSocket> m_serverSocket;
    QPointer<ClientStream> m_stream;
};

// A session of the prefix account that waits for resumption; its id, or empty.
QByteArray detachedSession()
{
    Connection connection(true);
    if (!connection.login() || !connection.bind("resumable"))
        return QByteArray();
    connection.write("<enable xmlns='urn:xmpp:sm:3' resume='true'/><message to='alice@localhost'><body>queued"
                     "</body></message>");
    if (!connection.waitFor("<enabled"))
        return QByteArray();
    const QByteArray received = connection.received();
    const int start = received.indexOf(" id='", received.indexOf("<enabled")) + 5;
    return received.mid(start, received.indexOf('\'', start) - start);
}

void checkServer()
{
    const qint64 now = harness->clock.elapsed();
    while (!harness->streams.empty()) {
        const auto &[stream, accepted] = harness->streams.front();
        if (stream && now - accepted <= StreamLifetimeLimitMs)
            break; // the later ones are younger
        if (stream)
            FUZZ_FAIL("a server stream lives on %lld ms after it was accepted (state %d, peer %s)",
                      now - accepted, int(stream->state()), qPrintable(stream->peer()));
        harness->streams.pop_front();
    }
    Connection probe(false);
    probe.write(Header);
    if (!probe.waitFor("</stream:features>"))
        FUZZ_FAIL("the server no longer answers a new connection (got '%s')", probe.received().constData());
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static int qtArgc = 1;
    static char *qtArgv[] = { (*argv)[0], nullptr };
    Q_UNUSED(argc);
    qInstallMessageHandler(quietMessages);
    new QCoreApplication(qtArgc, qtArgv); // lives as long as the process

    ServerOptions options;
    options.port = 0;
    options.tls = TlsPolicy::Optional;
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    // Nothing here waits for a timeout; short ones keep what a fuzzed input leaves behind
    // (detached sessions, unauthenticated streams) from piling up.
    options.limits.authTimeoutSeconds = 5;
    options.limits.idleTimeoutSeconds = 5;
    options.limits.resumeTimeoutSeconds = 1;
    harness = new Harness;
    harness->clock.start();
    harness->server = new MinimixServer(options);
    if (!harness->server->setAccount(QStringLiteral("alice"), QStringLiteral("secret"))
        || !harness->server->setAccount(QStringLiteral("bob"), QStringLiteral("secret"))
        || !harness->server->setAccount(QString::fromLatin1(PrefixUser), QString::fromLatin1(PrefixPassword))
        || !harness->server->start())
        FUZZ_FAIL("the server does not start: %s", qPrintable(harness->server->errorString()));
    harness->port = harness->server->port();
    auto *listener = harness->server->findChild<ClientListener *>();
    if (!listener)
        FUZZ_FAIL("the server has no ClientListener");
    QObject::connect(listener, &ClientListener::clientAccepted, listener, [](ClientStream *stream) {
        harness->streams.emplace_back(stream, harness->clock.elapsed());
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char first = char(data[0]);
    const bool raw
        = first == '<' || first == ' ' || first == '\t' || first == '\r' || first == '\n' || data[0] == 0xEF;
    const int mode = raw ? 0 : data[0] & 3;
    static constexpr int Pieces[] = { 0, 7, 61, 509 };
    const int piece = raw ? 0 : Pieces[(data[0] >> 2) & 3];
    QByteArray input = raw ? QByteArray(reinterpret_cast<const char *>(data), int(size))
                           : QByteArray(reinterpret_cast<const char *>(data) + 1, int(size - 1));

    if (mode == 3) {
        const QByteArray previd = detachedSession();
        if (previd.isEmpty())
            FUZZ_FAIL("no resumable session for mode 3");
        input.replace("PREVID", previd);
    }
    {
        Connection connection(mode != 0);
        if (mode != 0 && !connection.login())
            FUZZ_FAIL("the login of mode %d failed: '%s'", mode, connection.received().constData());
        if (mode == 2 && !connection.bind("fuzz"))
            FUZZ_FAIL("the bind of mode 2 failed: '%s'", connection.received().constData());
        if (piece == 0) {
            connection.write(input);
        } else {
            quint32 random = quint32(size) * 2654435761u;
            for (int offset = 0, pieces = 0; offset < input.size() && connection.isOpen(); ++pieces) {
                random ^= random << 13;
                random ^= random >> 17;
                random ^= random << 5;
                // At most 256 pieces: the rest goes at once.
                const int length = pieces < 256 ? int(random % uint32_t(piece)) + 1 : input.size() - offset;
                connection.write(input.mid(offset, length));
                pumpOnce();
                offset += length;
            }
        }
        connection.settle();
    }
    if (++harness->inputs % CheckEvery == 0)
        checkServer();
    return 0;
}
