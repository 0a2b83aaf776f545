// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RegistrationService.h"

#include "AccountStore.h"
#include "Jid.h"
#include "ServiceLimits.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

namespace {
bool validPassword(const QString &password)
{
    return !password.isEmpty() && password.size() <= ServiceDefaults::MaxPasswordLength;
}

// An unauthenticated stream has no addresses: an answer names neither side.
QDomElement withoutAddresses(QDomElement stanza)
{
    stanza.removeAttribute(QStringLiteral("from"));
    stanza.removeAttribute(QStringLiteral("to"));
    return stanza;
}

QDomElement preAuthError(const QDomElement &iq, Stanza::ErrorType type, const QString &condition,
                         const QString &text)
{
    return withoutAddresses(Stanza::errorReply(iq, type, condition, text));
}
} // namespace

RegistrationService::RegistrationService(StanzaRouter *router, AccountStore *accounts)
    : ServerExtension(router)
    , m_accounts(accounts)
{ }

QStringList RegistrationService::discoveryFeatures() const
{
    // What a session can do (its password); registration itself is the stream feature.
    return { QString(Ns::Register) };
}

QString RegistrationService::createAccount(AccountStore *accounts, const QString &username,
                                           const QString &password)
{
    const QString name = AccountStore::normalizedName(username);
    if (name.isEmpty() || !validPassword(password))
        return QStringLiteral("not-acceptable");
    if (accounts->contains(name))
        return QStringLiteral("conflict");
    if (!accounts->setAccount(name, password))
        return QStringLiteral("internal-server-error");
    return QString();
}

QDomElement
RegistrationService::preAuthAnswer(const QDomElement &iq,
                                   const std::function<QString(const QString &, const QString &)> &create,
                                   QString *created)
{
    const QString type = Stanza::type(iq);
    if (type != QLatin1String("get") && type != QLatin1String("set"))
        return QDomElement(); // never answer an answer
    if (!create)
        return preAuthError(iq, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                            QStringLiteral("registration is not open to this connection"));
    if (type == QLatin1String("get")) {
        // XEP-0077 §3.1: the fields to fill in.
        QDomElement result = withoutAddresses(Stanza::iqResult(iq));
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::Register);
        Stanza::addTextChild(query, QStringLiteral("instructions"),
                             QStringLiteral("Choose a username and password to register with this server."));
        Stanza::addChild(query, QStringLiteral("username"));
        Stanza::addChild(query, QStringLiteral("password"));
        return result;
    }
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::Register);
    if (!Stanza::child(query, QStringLiteral("remove"), Ns::Register).isNull())
        return preAuthError(iq, Stanza::ErrorType::Auth, QStringLiteral("not-authorized"),
                            QStringLiteral("log in to cancel a registration"));
    const QDomElement username = Stanza::child(query, QStringLiteral("username"), Ns::Register);
    const QDomElement password = Stanza::child(query, QStringLiteral("password"), Ns::Register);
    if (username.isNull() || password.isNull())
        return preAuthError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                            QStringLiteral("a username and a password are required"));
    const QString condition = create(username.text(), password.text());
    if (condition == QLatin1String("conflict"))
        return preAuthError(iq, Stanza::ErrorType::Cancel, condition,
                            QStringLiteral("this username is taken"));
    if (condition == QLatin1String("not-acceptable"))
        return preAuthError(
            iq, Stanza::ErrorType::Modify, condition,
            QStringLiteral("a username is a valid JID node, a password has 1 to %1 characters")
                .arg(ServiceDefaults::MaxPasswordLength));
    if (!condition.isEmpty())
        return preAuthError(iq, Stanza::ErrorType::Wait, condition, QString());
    *created = AccountStore::normalizedName(username.text());
    return withoutAddresses(Stanza::iqResult(iq));
}

bool RegistrationService::handleStanza(const QDomElement &stanza)
{
    const QDomElement query = Stanza::child(stanza, QStringLiteral("query"), Ns::Register);
    if (!Stanza::isIq(stanza) || query.isNull() || !Stanza::isRequest(stanza))
        return false;
    const QString to = Stanza::to(stanza);
    const QString from = Stanza::from(stanza);
    if (!router()->isLocalAccount(from) || (!to.isEmpty() && to != router()->domain()))
        return false; // to anyone else: routed (and answered) like any IQ
    const QString account = Jid::node(from);
    if (Stanza::type(stanza) == QLatin1String("get")) {
        // XEP-0077 §3.2: already registered.
        QDomElement result = Stanza::iqResult(stanza);
        QDomElement answer = Stanza::addChild(result, QStringLiteral("query"), Ns::Register);
        Stanza::addChild(answer, QStringLiteral("registered"));
        Stanza::addTextChild(answer, QStringLiteral("username"), account);
        Stanza::addChild(answer, QStringLiteral("password"));
        router()->route(result);
        return true;
    }
    if (!Stanza::child(query, QStringLiteral("remove"), Ns::Register).isNull()) {
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                   QStringLiteral("accounts are removed by the server's administrator"));
        return true;
    }
    const QDomElement username = Stanza::child(query, QStringLiteral("username"), Ns::Register);
    const QDomElement password = Stanza::child(query, QStringLiteral("password"), Ns::Register);
    if (username.isNull() || password.isNull()) {
        replyError(stanza, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("a username and a new password are required"));
        return true;
    }
    if (AccountStore::normalizedName(username.text()) != account) {
        // XEP-0077 §3.3: the password of one's own account only.
        replyError(stanza, Stanza::ErrorType::Auth, QStringLiteral("not-authorized"),
                   QStringLiteral("you may change only your own password"));
        return true;
    }
    if (!validPassword(password.text())) {
        replyError(
            stanza, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
            QStringLiteral("a password has 1 to %1 characters").arg(ServiceDefaults::MaxPasswordLength));
        return true;
    }
    if (!m_accounts->setAccount(account, password.text())) {
        replyError(stanza, Stanza::ErrorType::Wait, QStringLiteral("internal-server-error"),
                   m_accounts->errorString());
        return true;
    }
    replyResult(stanza);
    return true;
}
