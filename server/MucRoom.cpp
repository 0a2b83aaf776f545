#include "MucRoom.h"

#include "Jid.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QCryptographicHash>

QString affiliationName(MucAffiliation affiliation)
{
    switch (affiliation) {
    case MucAffiliation::None:
        return QStringLiteral("none");
    case MucAffiliation::Outcast:
        return QStringLiteral("outcast");
    case MucAffiliation::Member:
        return QStringLiteral("member");
    case MucAffiliation::Admin:
        return QStringLiteral("admin");
    case MucAffiliation::Owner:
        return QStringLiteral("owner");
    }
    return QString();
}

MucAffiliation affiliationFromName(const QString &name, bool *ok)
{
    for (auto a : { MucAffiliation::None, MucAffiliation::Outcast, MucAffiliation::Member,
                    MucAffiliation::Admin, MucAffiliation::Owner }) {
        if (affiliationName(a) == name) {
            if (ok)
                *ok = true;
            return a;
        }
    }
    if (ok)
        *ok = false;
    return MucAffiliation::None;
}

QString roleName(MucRole role)
{
    switch (role) {
    case MucRole::None:
        return QStringLiteral("none");
    case MucRole::Visitor:
        return QStringLiteral("visitor");
    case MucRole::Participant:
        return QStringLiteral("participant");
    case MucRole::Moderator:
        return QStringLiteral("moderator");
    }
    return QString();
}

MucRoom::MucRoom(const QString &jid)
    : m_jid(jid)
{
    m_config.name = Jid::node(jid);
}

namespace {
void addField(QDomElement form, const QString &var, const QString &type, const QString &label,
              const QString &value)
{
    QDomElement field = Stanza::addChild(form, QStringLiteral("field"));
    field.setAttribute(QStringLiteral("var"), var);
    field.setAttribute(QStringLiteral("type"), type);
    if (!label.isEmpty())
        field.setAttribute(QStringLiteral("label"), label);
    Stanza::addTextChild(field, QStringLiteral("value"), value);
}

QString boolText(bool value)
{
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

bool parseBool(const QString &text, bool *ok)
{
    *ok = true;
    if (text == QLatin1String("1") || text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("0") || text == QLatin1String("false"))
        return false;
    *ok = false;
    return false;
}
} // namespace

QDomElement MucRoom::configForm(QDomElement parent) const
{
    QDomElement form = Stanza::addChild(parent, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
    Stanza::addTextChild(form, QStringLiteral("title"), QStringLiteral("Configuration of %1").arg(m_jid));
    addField(form, QStringLiteral("FORM_TYPE"), QStringLiteral("hidden"), QString(), Ns::MucRoomConfig);
    const QString prefix = QStringLiteral("muc#roomconfig_");
    addField(form, prefix + QStringLiteral("roomname"), QStringLiteral("text-single"), QStringLiteral("Name"),
             m_config.name);
    addField(form, prefix + QStringLiteral("roomdesc"), QStringLiteral("text-single"),
             QStringLiteral("Description"), m_config.description);
    addField(form, prefix + QStringLiteral("persistentroom"), QStringLiteral("boolean"),
             QStringLiteral("Persistent"), boolText(m_config.persistent));
    addField(form, prefix + QStringLiteral("publicroom"), QStringLiteral("boolean"),
             QStringLiteral("Listed in the directory"), boolText(m_config.isPublic));
    addField(form, prefix + QStringLiteral("membersonly"), QStringLiteral("boolean"),
             QStringLiteral("Members only"), boolText(m_config.membersOnly));
    addField(form, prefix + QStringLiteral("moderatedroom"), QStringLiteral("boolean"),
             QStringLiteral("Moderated"), boolText(m_config.moderated));
    addField(form, prefix + QStringLiteral("changesubject"), QStringLiteral("boolean"),
             QStringLiteral("Occupants may change the subject"),
             boolText(m_config.occupantsMayChangeSubject));
    addField(form, prefix + QStringLiteral("passwordprotectedroom"), QStringLiteral("boolean"),
             QStringLiteral("Password protected"), boolText(m_config.passwordProtected));
    addField(form, prefix + QStringLiteral("roomsecret"), QStringLiteral("text-private"),
             QStringLiteral("Password"), m_config.password);
    addField(form, prefix + QStringLiteral("whois"), QStringLiteral("list-single"),
             QStringLiteral("Who may see real JIDs"),
             m_config.nonAnonymous ? QStringLiteral("anyone") : QStringLiteral("moderators"));
    addField(form, prefix + QStringLiteral("historylength"), QStringLiteral("text-single"),
             QStringLiteral("Messages of history kept"), QString::number(m_config.historyLength));
    return form;
}

bool MucRoom::applyConfigForm(const QDomElement &form, QString *error)
{
    MucRoomConfig next = m_config;
    for (QDomElement field = form.firstChildElement(QStringLiteral("field")); !field.isNull();
         field = field.nextSiblingElement(QStringLiteral("field"))) {
        const QString var = field.attribute(QStringLiteral("var"));
        const QString value = field.firstChildElement(QStringLiteral("value")).text();
        bool ok = true;
        if (var == QLatin1String("muc#roomconfig_roomname"))
            next.name = value;
        else if (var == QLatin1String("muc#roomconfig_roomdesc"))
            next.description = value;
        else if (var == QLatin1String("muc#roomconfig_persistentroom"))
            next.persistent = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_publicroom"))
            next.isPublic = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_membersonly"))
            next.membersOnly = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_moderatedroom"))
            next.moderated = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_changesubject"))
            next.occupantsMayChangeSubject = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_passwordprotectedroom"))
            next.passwordProtected = parseBool(value, &ok);
        else if (var == QLatin1String("muc#roomconfig_roomsecret"))
            next.password = value;
        else if (var == QLatin1String("muc#roomconfig_whois"))
            next.nonAnonymous = value == QLatin1String("anyone");
        else if (var == QLatin1String("muc#roomconfig_historylength")) {
            next.historyLength = value.toInt(&ok);
            ok = ok && next.historyLength >= 0 && next.historyLength <= 1000;
        }
        if (!ok) {
            *error = QStringLiteral("invalid value '%1' for %2").arg(value, var);
            return false;
        }
    }
    if (next.passwordProtected && next.password.isEmpty()) {
        *error = QStringLiteral("a password-protected room needs a password");
        return false;
    }
    m_config = next;
    while (m_history.size() > m_config.historyLength)
        m_history.removeFirst();
    return true;
}

MucAffiliation MucRoom::affiliation(const QString &bareJid) const
{
    return m_affiliations.value(Jid::bare(bareJid), MucAffiliation::None);
}

void MucRoom::setAffiliation(const QString &bareJid, MucAffiliation affiliation)
{
    if (affiliation == MucAffiliation::None)
        m_affiliations.remove(Jid::bare(bareJid));
    else
        m_affiliations.insert(Jid::bare(bareJid), affiliation);
}

QStringList MucRoom::affiliated(MucAffiliation affiliation) const
{
    QStringList jids;
    for (auto it = m_affiliations.cbegin(); it != m_affiliations.cend(); ++it) {
        if (it.value() == affiliation)
            jids << it.key();
    }
    jids.sort();
    return jids;
}

MucRole MucRoom::defaultRole(MucAffiliation affiliation) const
{
    switch (affiliation) {
    case MucAffiliation::Owner:
    case MucAffiliation::Admin:
        return MucRole::Moderator;
    case MucAffiliation::Member:
        return MucRole::Participant;
    case MucAffiliation::None:
        return m_config.moderated ? MucRole::Visitor : MucRole::Participant;
    case MucAffiliation::Outcast:
        return MucRole::None;
    }
    return MucRole::None;
}

MucOccupant *MucRoom::occupant(const QString &nick)
{
    auto it = m_occupants.find(nick);
    return it == m_occupants.end() ? nullptr : &it.value();
}

QString MucRoom::nickOf(const QString &realJid) const
{
    for (auto it = m_occupants.cbegin(); it != m_occupants.cend(); ++it) {
        if (it->realJid == realJid)
            return it.key();
    }
    return QString();
}

QStringList MucRoom::occupantJids() const
{
    QStringList jids;
    for (const MucOccupant &occupant : m_occupants)
        jids << occupant.realJid;
    return jids;
}

void MucRoom::addOccupant(const MucOccupant &occupant)
{
    m_occupants.insert(occupant.nick, occupant);
}

void MucRoom::removeOccupant(const QString &nick)
{
    m_occupants.remove(nick);
}

void MucRoom::renameOccupant(const QString &oldNick, const QString &newNick)
{
    MucOccupant occupant = m_occupants.take(oldNick);
    occupant.nick = newNick;
    m_occupants.insert(newNick, occupant);
}

void MucRoom::restore(const MucRoomConfig &config, bool locked)
{
    m_config = config;
    m_locked = locked;
}

void MucRoom::setSubject(const QString &subject, const QString &nick)
{
    m_subject = subject;
    m_subjectNick = nick;
}

void MucRoom::addHistory(const QDomElement &message, const QDateTime &stamp)
{
    if (m_config.historyLength <= 0)
        return;
    m_history.append(HistoryEntry { message, stamp, int(XmlText::fromElement(message).size()) });
    while (m_history.size() > m_config.historyLength)
        m_history.removeFirst();
}

QString MucRoom::occupantId(const QString &realJid) const
{
    const QString bare = Jid::bare(realJid);
    auto it = m_occupantIds.constFind(bare);
    if (it == m_occupantIds.constEnd()) { // a hash per message would show in profiles
        const QByteArray seed = (m_jid + QLatin1Char('\n') + bare).toUtf8();
        it = m_occupantIds.insert(
            bare,
            QString::fromLatin1(
                QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toBase64().left(22)));
    }
    return it.value();
}
