// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucRegistration.h"

#include "Jid.h"
#include "MucAffiliations.h"
#include "MucContext.h"
#include "Vocabulary.h"

namespace {
const QString formType = QStringLiteral("http://jabber.org/protocol/muc#register");
const QString nickField = QStringLiteral("muc#register_roomnick");
const QString reservedNickNode = QStringLiteral("x-roomuser-item");

void refuse(MucContext &context, const QDomElement &iq, Stanza::ErrorType type, const QString &condition,
            const QString &text = QString())
{
    context.send(Stanza::errorReply(iq, type, condition, text));
}

// The submitted form's value for 'var' (empty if absent).
QString formValue(const QDomElement &form, const QString &var)
{
    for (QDomElement field = form.firstChildElement(QStringLiteral("field")); !field.isNull();
         field = field.nextSiblingElement(QStringLiteral("field"))) {
        if (field.attribute(QStringLiteral("var")) == var)
            return field.firstChildElement(QStringLiteral("value")).text();
    }
    return QString();
}

void addForm(QDomElement query)
{
    QDomElement form = Stanza::addChild(query, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
    QDomElement hidden = Stanza::addChild(form, QStringLiteral("field"));
    hidden.setAttribute(QStringLiteral("type"), QStringLiteral("hidden"));
    hidden.setAttribute(QStringLiteral("var"), QStringLiteral("FORM_TYPE"));
    Stanza::addTextChild(hidden, QStringLiteral("value"), formType);
    QDomElement nick = Stanza::addChild(form, QStringLiteral("field"));
    nick.setAttribute(QStringLiteral("type"), QStringLiteral("text-single"));
    nick.setAttribute(QStringLiteral("label"), QStringLiteral("Nickname"));
    nick.setAttribute(QStringLiteral("var"), nickField);
    Stanza::addChild(nick, QStringLiteral("required"));
}
} // namespace

void MucRegistration::handle(MucContext &context, MucRoom *room, const QDomElement &iq) const
{
    const QString user = Jid::bare(Stanza::from(iq));
    const MucAffiliation affiliation = room->affiliation(user);
    if (affiliation == MucAffiliation::Outcast) {
        refuse(context, iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"));
        return;
    }
    if (affiliation == MucAffiliation::None) {
        refuse(context, iq, Stanza::ErrorType::Auth, QStringLiteral("registration-required"));
        return;
    }
    const QString registered = room->reservedNick(user);
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::Register);
    QDomElement result = Stanza::iqResult(iq);
    if (Stanza::type(iq) == QLatin1String("get")) {
        QDomElement answer = Stanza::addChild(result, QStringLiteral("query"), Ns::Register);
        if (registered.isEmpty()) {
            addForm(answer);
        } else {
            Stanza::addChild(answer, QStringLiteral("registered"));
            Stanza::addTextChild(answer, QStringLiteral("username"), registered);
        }
        context.send(result);
        return;
    }
    if (!Stanza::child(query, QStringLiteral("remove"), Ns::Register).isNull()) {
        // Giving up the registration ends a membership; a higher affiliation stays.
        room->setReservedNick(user, QString());
        MucAffiliations::Change change;
        change.jid = user;
        change.affiliation = affiliation == MucAffiliation::Member ? MucAffiliation::None : affiliation;
        MucAffiliations::apply(context, room, change);
        context.save(room);
        context.send(result);
        return;
    }
    const QDomElement form = Stanza::child(query, QStringLiteral("x"), Ns::DataForms);
    if (form.isNull() || formValue(form, QStringLiteral("FORM_TYPE")) != formType) {
        refuse(context, iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
               QStringLiteral("expected a submitted muc#register form"));
        return;
    }
    const QString nick = formValue(form, nickField).trimmed();
    if (nick.isEmpty()) {
        refuse(context, iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
               QStringLiteral("invalid nickname"));
        return;
    }
    const MucOccupant *holder = room->occupant(nick);
    const QString reservedBy = room->reservedBy(nick);
    if ((holder && Jid::bare(holder->realJid) != user) || (!reservedBy.isEmpty() && reservedBy != user)) {
        refuse(context, iq, Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
               QStringLiteral("that nickname is in use or reserved"));
        return;
    }
    if (registered != nick) {
        room->setReservedNick(user, nick);
        MucAffiliations::Change change;
        change.jid = user;
        change.affiliation = affiliation;
        MucAffiliations::apply(context, room, change);
        context.save(room);
    }
    context.send(result);
}

bool MucRegistration::isReservedNickQuery(const QDomElement &iq)
{
    return Stanza::type(iq) == QLatin1String("get")
        && Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).attribute(QStringLiteral("node"))
        == reservedNickNode;
}

QDomElement MucRegistration::reservedNickInfo(const MucRoom &room, const QDomElement &iq)
{
    QDomElement result = Stanza::iqResult(iq);
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
    query.setAttribute(QStringLiteral("node"), reservedNickNode);
    const QString nick = room.reservedNick(Stanza::from(iq));
    if (!nick.isEmpty()) {
        QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
        identity.setAttribute(QStringLiteral("category"), QStringLiteral("conference"));
        identity.setAttribute(QStringLiteral("type"), QStringLiteral("text"));
        identity.setAttribute(QStringLiteral("name"), nick);
    }
    return result;
}

MucRefusal MucRegistration::checkJoin(const MucRoom &room, const QDomElement &presence) const
{
    const QString reservedBy = room.reservedBy(Jid::resource(Stanza::to(presence)));
    if (!reservedBy.isEmpty() && reservedBy != Jid::bare(Stanza::from(presence)))
        return { Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                 QStringLiteral("that nickname is reserved") };
    return {};
}

QStringList MucRegistration::discoFeatures(const MucRoomConfig &) const
{
    return { QString(Ns::Register) };
}
