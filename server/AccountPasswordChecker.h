// SASL PLAIN verification against the AccountStore's hashes. hasGetPassword() is
// false on purpose: the server cannot recover a clear password, so it offers only PLAIN.
#pragma once

#include <QXmppPasswordChecker.h>

class AccountStore;

class AccountPasswordChecker : public QXmppPasswordChecker
{
public:
    explicit AccountPasswordChecker(const AccountStore *store);

    QXmppPasswordReply *checkPassword(const QXmppPasswordRequest &request) override;
    bool hasGetPassword() const override { return false; }

private:
    const AccountStore *const m_store;
};
