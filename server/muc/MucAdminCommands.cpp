// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAdminCommands.h"

#include "Stanza.h"
#include "Vocabulary.h"

#include <QUuid>

const QString MucAdminCommands::DestroyNode = QStringLiteral("http://prosody.im/protocol/muc#destroy");

namespace {
const QString DestroyName = QStringLiteral("Destroy Rooms");
const QString Denied = QStringLiteral("You don't have permission to execute this command");

QDomElement discoQuery(const QDomElement &iq, const QString &ns)
{
    return Stanza::type(iq) == QLatin1String("get") ? Stanza::child(iq, QStringLiteral("query"), ns)
                                                    : QDomElement();
}

QDomElement addField(QDomElement form, const QString &var, const QString &type,
                     const QString &label = QString())
{
    QDomElement field = Stanza::addChild(form, QStringLiteral("field"));
    field.setAttribute(QStringLiteral("var"), var);
    field.setAttribute(QStringLiteral("type"), type);
    if (!label.isEmpty())
        field.setAttribute(QStringLiteral("label"), label);
    return field;
}

// The form an admin fills in: every room of the service to choose from.
void addDestroyForm(QDomElement command, const QStringList &rooms)
{
    QDomElement actions = Stanza::addChild(command, QStringLiteral("actions"));
    actions.setAttribute(QStringLiteral("execute"), QStringLiteral("complete"));
    Stanza::addChild(actions, QStringLiteral("next"));
    Stanza::addChild(actions, QStringLiteral("complete"));
    QDomElement form = Stanza::addChild(command, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
    Stanza::addTextChild(form, QStringLiteral("title"), QStringLiteral("Destroy rooms"));
    Stanza::addTextChild(form, QStringLiteral("instructions"), QStringLiteral("Select the rooms to destroy"));
    Stanza::addTextChild(addField(form, QStringLiteral("FORM_TYPE"), QStringLiteral("hidden")),
                         QStringLiteral("value"), MucAdminCommands::DestroyNode);
    QDomElement field = addField(form, QStringLiteral("rooms"), QStringLiteral("list-multi"),
                                 QStringLiteral("Rooms to destroy:"));
    for (const QString &room : rooms) {
        QDomElement option = Stanza::addChild(field, QStringLiteral("option"));
        option.setAttribute(QStringLiteral("label"), room);
        Stanza::addTextChild(option, QStringLiteral("value"), room);
    }
    Stanza::addChild(field, QStringLiteral("required"));
}

QDomElement addCommand(QDomElement parent, const QString &node, const QString &status,
                       const QString &sessionId = QString())
{
    QDomElement command = Stanza::addChild(parent, QStringLiteral("command"), Ns::Commands);
    command.setAttribute(QStringLiteral("node"), node);
    command.setAttribute(QStringLiteral("status"), status);
    if (!sessionId.isEmpty())
        command.setAttribute(QStringLiteral("sessionid"), sessionId);
    return command;
}

void addNote(QDomElement command, const QString &type, const QString &text)
{
    Stanza::addTextChild(command, QStringLiteral("note"), text).setAttribute(QStringLiteral("type"), type);
}

QDomElement discoAnswer(const QDomElement &iq, const QString &ns, const QString &node)
{
    QDomElement result = Stanza::iqResult(iq);
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), ns);
    query.setAttribute(QStringLiteral("node"), node);
    return result;
}

QDomElement addIdentity(QDomElement result, const QString &name, const QString &type)
{
    QDomElement identity
        = Stanza::addChild(result.firstChildElement(QStringLiteral("query")), QStringLiteral("identity"));
    identity.setAttribute(QStringLiteral("category"), QStringLiteral("automation"));
    identity.setAttribute(QStringLiteral("type"), type);
    identity.setAttribute(QStringLiteral("name"), name);
    return identity;
}
} // namespace

bool MucAdminCommands::concerns(const QDomElement &iq)
{
    if (Stanza::type(iq) == QLatin1String("set"))
        return !Stanza::child(iq, QStringLiteral("command"), Ns::Commands).isNull();
    for (const QLatin1String ns : { Ns::DiscoInfo, Ns::DiscoItems }) {
        const QString node = discoQuery(iq, ns).attribute(QStringLiteral("node"));
        if (node == QLatin1String(Ns::Commands) || node == DestroyNode)
            return true;
    }
    return false;
}

QDomElement MucAdminCommands::answer(const QDomElement &iq, bool admin, const QStringList &rooms,
                                     const DestroyRoom &destroy)
{
    const QString service = Stanza::to(iq);
    if (const QDomElement items = discoQuery(iq, Ns::DiscoItems); !items.isNull()) {
        QDomElement result = discoAnswer(iq, Ns::DiscoItems, items.attribute(QStringLiteral("node")));
        if (admin && items.attribute(QStringLiteral("node")) == QLatin1String(Ns::Commands)) {
            QDomElement item = Stanza::addChild(result.firstChildElement(), QStringLiteral("item"));
            item.setAttribute(QStringLiteral("jid"), service);
            item.setAttribute(QStringLiteral("node"), DestroyNode);
            item.setAttribute(QStringLiteral("name"), DestroyName);
        }
        return result;
    }
    if (const QDomElement info = discoQuery(iq, Ns::DiscoInfo); !info.isNull()) {
        const QString node = info.attribute(QStringLiteral("node"));
        QDomElement result = discoAnswer(iq, Ns::DiscoInfo, node);
        if (node == QLatin1String(Ns::Commands)) {
            addIdentity(result, QStringLiteral("Ad-Hoc Commands"), QStringLiteral("command-list"));
        } else if (!admin) {
            return Stanza::errorReply(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                                      QStringLiteral("This item is not available to you"));
        } else {
            addIdentity(result, DestroyName, QStringLiteral("command-node"));
            for (const QLatin1String feature : { Ns::Commands, Ns::DataForms })
                Stanza::addChild(result.firstChildElement(), QStringLiteral("feature"))
                    .setAttribute(QStringLiteral("var"), feature);
        }
        return result;
    }

    const QDomElement request = Stanza::child(iq, QStringLiteral("command"), Ns::Commands);
    if (request.attribute(QStringLiteral("node")) != DestroyNode)
        return Stanza::errorReply(iq, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
    if (!admin) {
        // As Prosody: the error, then the command as canceled with the same words.
        QDomElement reply
            = Stanza::errorReply(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"), Denied);
        reply.removeChild(reply.firstChildElement(QStringLiteral("command")));
        addNote(addCommand(reply, DestroyNode, QStringLiteral("canceled")), QStringLiteral("error"), Denied);
        return reply;
    }
    // Nothing is kept between the steps (the form carries all), so any session id will do.
    QString sessionId = request.attribute(QStringLiteral("sessionid"));
    if (sessionId.isEmpty())
        sessionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QDomElement result = Stanza::iqResult(iq);
    const QDomElement form = Stanza::child(request, QStringLiteral("x"), Ns::DataForms);
    if (request.attribute(QStringLiteral("action")) == QLatin1String("cancel")
        || form.attribute(QStringLiteral("type")) == QLatin1String("cancel")) {
        addCommand(result, DestroyNode, QStringLiteral("canceled"), sessionId);
        return result;
    }
    if (form.isNull()) {
        addDestroyForm(addCommand(result, DestroyNode, QStringLiteral("executing"), sessionId), rooms);
        return result;
    }
    // A form without type is taken as submitted, as Prosody takes it (so the scripts do).
    QStringList chosen;
    for (const QDomElement &field : Stanza::children(form, QStringLiteral("field"), Ns::DataForms)) {
        if (field.attribute(QStringLiteral("var")) != QLatin1String("rooms"))
            continue;
        for (const QDomElement &value : Stanza::children(field, QStringLiteral("value"), Ns::DataForms)) {
            if (!value.text().trimmed().isEmpty())
                chosen << value.text().trimmed();
        }
    }
    QDomElement command = addCommand(result, DestroyNode, QStringLiteral("completed"), sessionId);
    if (chosen.isEmpty()) {
        addNote(command, QStringLiteral("error"), QStringLiteral("rooms: Required value missing"));
        return result;
    }
    QStringList destroyed;
    for (const QString &room : qAsConst(chosen)) {
        const QString gone = destroy(room);
        if (!gone.isEmpty())
            destroyed << gone;
    }
    // Prosody's words: the rooms follow one per line (none: the line ends the text).
    addNote(command, QStringLiteral("info"),
            QStringLiteral("The following rooms were destroyed:\n") + destroyed.join(QLatin1Char('\n')));
    return result;
}

void MucAdminCommands::advertise(QDomElement discoInfoResult)
{
    QDomElement query = Stanza::child(discoInfoResult, QStringLiteral("query"), Ns::DiscoInfo);
    if (Stanza::type(discoInfoResult) != QLatin1String("result") || query.isNull()
        || query.hasAttribute(QStringLiteral("node")))
        return;
    Stanza::addChild(query, QStringLiteral("feature"))
        .setAttribute(QStringLiteral("var"), QString(Ns::Commands));
}
