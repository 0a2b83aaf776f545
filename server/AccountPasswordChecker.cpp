#include "AccountPasswordChecker.h"

#include "AccountStore.h"

AccountPasswordChecker::AccountPasswordChecker(const AccountStore *store)
    : m_store(store)
{ }

QXmppPasswordReply *AccountPasswordChecker::checkPassword(const QXmppPasswordRequest &request)
{
    auto *reply = new QXmppPasswordReply;
    const bool valid = m_store->checkPassword(request.username(), request.password());
    reply->setError(valid ? QXmppPasswordReply::NoError : QXmppPasswordReply::AuthorizationError);
    reply->finishLater();
    return reply;
}
