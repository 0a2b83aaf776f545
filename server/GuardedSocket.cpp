#include "GuardedSocket.h"

#include "Vocabulary.h"

#include <QMetaObject>
#include <QXmppIncomingClient.h>

GuardedSocket::GuardedSocket(const QString &domain, int maxStanzaBytes, QObject *parent)
    : QSslSocket(parent)
    , m_domain(domain)
    , m_guard(maxStanzaBytes)
{ }

qint64 GuardedSocket::readData(char *data, qint64 maxSize)
{
    if (m_ready.isEmpty() && m_guard.fault() == StreamGuard::Fault::None) {
        QByteArray raw;
        char chunk[16384];
        qint64 count = 0;
        while ((count = QSslSocket::readData(chunk, sizeof chunk)) > 0)
            raw.append(chunk, int(count));
        if (!raw.isEmpty()) {
            if (auto *stream = qobject_cast<QXmppIncomingClient *>(parent()))
                m_guard.setSender(stream->jid());
            m_ready = m_guard.feed(raw);
        }
        if (m_guard.fault() != StreamGuard::Fault::None && !m_rejecting) {
            m_rejecting = true;
            // Let QXmpp handle the valid prefix first (it may answer the stream header).
            QMetaObject::invokeMethod(
                this, [this] { reject(); }, Qt::QueuedConnection);
        }
        if (m_ready.isEmpty())
            return count < 0 ? -1 : 0;
    }
    const qint64 size = qMin<qint64>(maxSize, m_ready.size());
    memcpy(data, m_ready.constData(), size_t(size));
    m_ready.remove(0, int(size));
    return size;
}

void GuardedSocket::reject()
{
    QByteArray answer;
    if (!m_guard.streamOpened()) {
        // RFC 6120 §4.9.1.2: open a stream of our own before the error.
        answer += QStringLiteral("<?xml version='1.0'?><stream:stream xmlns='%1' xmlns:stream='%2' "
                                 "from='%3' version='1.0'>")
                      .arg(Ns::Client, Ns::Stream, m_domain.toHtmlEscaped())
                      .toUtf8();
    }
    answer += QStringLiteral("<stream:error><%1 xmlns='%2'/><text xmlns='%2'>%3</text></stream:error>"
                             "</stream:stream>")
                  .arg(m_guard.faultCondition(), Ns::StreamErrors, m_guard.faultText().toHtmlEscaped())
                  .toUtf8();
    write(answer);
    emit rejected(m_guard.faultCondition(), m_guard.faultText());
    disconnectFromHost();
}
