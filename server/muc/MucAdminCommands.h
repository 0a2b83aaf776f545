// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The MUC service's XEP-0050 ad-hoc command for server admins, as Prosody names and
// answers it: http://prosody.im/protocol/muc#destroy destroys the rooms listed in the
// form's 'rooms' field and says which. Executed without a form it answers the form
// (every room as an option). Listed under the service's commands node (disco#items)
// for admins only; anyone else is forbidden to run it.
#pragma once

#include <QDomElement>
#include <QStringList>
#include <functional>

class MucAdminCommands
{
public:
    static const QString DestroyNode;
    // Destroys the room; returns its JID, or an empty string when there is no such room.
    using DestroyRoom = std::function<QString(const QString &roomJid)>;

    // Whether this request to the service is for the commands: an execution, or disco
    // of the commands node or of a command's node.
    static bool concerns(const QDomElement &iq);
    // The answer to such a request from an admin or not; 'rooms' are the service's rooms
    // (the form's options), 'destroy' is called for each room an admin's form names.
    static QDomElement answer(const QDomElement &iq, bool admin, const QStringList &rooms,
                              const DestroyRoom &destroy);
    // Adds the commands feature to the service's own disco#info result.
    static void advertise(QDomElement discoInfoResult);
};
