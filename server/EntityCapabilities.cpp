// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "EntityCapabilities.h"

#include "BlockList.h"
#include "Jid.h"
#include "RosterStore.h"
#include "ServiceLimits.h"
#include "SessionPresence.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QCryptographicHash>
#include <algorithm>

namespace {
// Prosody's id for these queries; clients answer it like any other.
const QString QueryId = QStringLiteral("disco");
const QString NotifySuffix = QStringLiteral("+notify");

// XEP-0115 §5.1 sorts by "i;octet": by UTF-8 bytes, not UTF-16 units.
void sortOctets(QList<QByteArray> *list)
{
    std::sort(list->begin(), list->end());
}

QSet<QString> notifyNodes(const QDomElement &query)
{
    QSet<QString> nodes;
    for (const QDomElement &feature : Stanza::children(query, QStringLiteral("feature"), Ns::DiscoInfo)) {
        const QString var = feature.attribute(QStringLiteral("var"));
        if (var.endsWith(NotifySuffix) && var.size() > NotifySuffix.size()
            && nodes.size() < ServiceDefaults::MaxNotifyNodesPerEntity)
            nodes.insert(var.left(var.size() - NotifySuffix.size()));
    }
    return nodes;
}

int costOf(const QSet<QString> &nodes)
{
    int cost = 1;
    for (const QString &node : nodes)
        cost += node.size();
    return cost;
}
} // namespace

EntityCapabilities::EntityCapabilities(StanzaRouter *router, SessionRegistry *sessions, RosterStore *rosters,
                                       SessionPresence *presence)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_rosters(rosters)
    , m_known(ServiceDefaults::KnownCapabilitiesCharacters)
{
    connect(presence, &SessionPresence::presenceBroadcast, this, &EntityCapabilities::onPresenceBroadcast);
    connect(sessions, &SessionRegistry::sessionOffline, this, &EntityCapabilities::forget);
    connect(sessions, &SessionRegistry::sessionUnavailable, this, &EntityCapabilities::forget);
}

bool EntityCapabilities::handleStanza(const QDomElement &stanza)
{
    const QString from = Stanza::from(stanza);
    if (Stanza::isIq(stanza) && stanza.attribute(QStringLiteral("id")) == QueryId
        && !Stanza::isRequest(stanza)) {
        const QString to = Stanza::to(stanza);
        const auto services = m_interests.constFind(to);
        if (!Jid::isBare(to) || services == m_interests.constEnd() || !services->contains(from))
            return false; // not an answer to this server's question
        handleAnswer(stanza);
        return true;
    }
    if (!Stanza::isPresence(stanza) || !m_sessions->isConnected(from))
        return false;
    const QString to = Stanza::to(stanza);
    const QString account = Jid::bare(from);
    if (!to.isEmpty() && to != router()->domain() && to != account)
        return false; // directed presence tells no service anything
    const QString type = Stanza::type(stanza);
    if (type == QLatin1String("unavailable")) {
        forget(from);
    } else if (type.isEmpty()) {
        // Before the broadcast: the account's own service asks first (Prosody's order).
        const QDomElement c = Stanza::child(stanza, QStringLiteral("c"), Ns::Caps);
        if (c.attribute(QStringLiteral("hash")) == QLatin1String("sha-1")
            && !c.attribute(QStringLiteral("node")).isEmpty()
            && !c.attribute(QStringLiteral("ver")).isEmpty()) {
            m_caps.insert(from, { c.attribute(QStringLiteral("node")), c.attribute(QStringLiteral("ver")) });
        } else {
            m_caps.remove(from);
        }
        const auto caps = m_caps.value(from);
        learnFromPresence(account, from, caps.first, caps.second);
    }
    return false; // session presence broadcasts it
}

void EntityCapabilities::onPresenceBroadcast(const QDomElement &presence, bool initial)
{
    const QString session = Stanza::from(presence);
    const QString account = Jid::bare(session);
    const auto caps = m_caps.value(session);
    const QStringList contacts = mutualContacts(account);
    // The presence reached each contact: its service learns what the session wants.
    for (const QString &contact : contacts)
        learnFromPresence(contact, session, caps.first, caps.second);
    if (!initial)
        return;
    // And the contacts' presence reached the new session: its account's service learns theirs.
    for (const QString &contact : contacts) {
        for (const QString &other : m_sessions->availableSessions(contact)) {
            const auto it = m_caps.constFind(other);
            if (it != m_caps.constEnd())
                learnFromPresence(account, other, it->first, it->second);
        }
    }
}

void EntityCapabilities::learnFromPresence(const QString &owner, const QString &session,
                                           const QString &capsNode, const QString &ver)
{
    if (ver.isEmpty()) {
        // No caps (or not sha-1 ones): nothing to notify it of any more.
        auto services = m_interests.find(owner);
        if (services != m_interests.end() && services->remove(session) && services->isEmpty())
            m_interests.erase(services);
        return;
    }
    Interest &interest = m_interests[owner][session];
    m_servicesOf[session].insert(owner);
    if (interest.ver == ver)
        return;
    interest.ver = ver;
    interest.toldBySession.clear();
    if (const QSet<QString> *known = m_known.object(ver)) {
        apply(owner, session, *known);
        return;
    }
    QDomElement query = Stanza::create(QStringLiteral("iq"), owner, session, QStringLiteral("get"), QueryId);
    Stanza::addChild(query, QStringLiteral("query"), Ns::DiscoInfo)
        .setAttribute(QStringLiteral("node"), capsNode + QLatin1Char('#') + ver);
    router()->deliver(query);
}

void EntityCapabilities::handleAnswer(const QDomElement &iq)
{
    const QString owner = Stanza::to(iq);
    const QString session = Stanza::from(iq);
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo);
    if (Stanza::type(iq) != QLatin1String("result") || query.isNull())
        return; // an error teaches nothing: the session keeps what it had
    const QString node = query.attribute(QStringLiteral("node"));
    const QString computed = verificationHash(query);
    const QString ver = node.contains(QLatin1Char('#')) ? node.section(QLatin1Char('#'), -1) : computed;
    const QSet<QString> nodes = notifyNodes(query);
    if (ver == computed && !m_known.contains(ver))
        m_known.insert(ver, new QSet<QString>(nodes), costOf(nodes));
    // An answer about caps the session no longer has changes nothing.
    if (m_interests.value(owner).value(session).ver == ver)
        apply(owner, session, nodes);
    if (owner != Jid::bare(session))
        return;
    // The session's answer to its own account tells its contacts' services too, as Prosody
    // does: whichever of its answers comes first, the last items come at once.
    for (const QString &contact : mutualContacts(owner)) {
        auto services = m_interests.find(contact);
        if (services == m_interests.end())
            continue;
        auto interest = services->find(session);
        if (interest == services->end() || interest->ver != ver)
            continue;
        QStringList added;
        for (const QString &wanted : nodes) {
            if (!interest->toldBySession.contains(wanted))
                added << wanted;
        }
        interest->toldBySession = nodes;
        added.sort();
        if (!added.isEmpty())
            emit interestLearned(contact, session, added);
    }
}

void EntityCapabilities::apply(const QString &owner, const QString &session, const QSet<QString> &nodes)
{
    Interest &interest = m_interests[owner][session];
    QStringList added;
    for (const QString &node : nodes) {
        if (!interest.nodes.contains(node))
            added << node;
    }
    interest.nodes = nodes;
    added.sort();
    if (!added.isEmpty())
        emit interestLearned(owner, session, added);
}

void EntityCapabilities::forget(const QString &session)
{
    m_caps.remove(session);
    for (const QString &owner : m_servicesOf.take(session)) {
        auto services = m_interests.find(owner);
        if (services != m_interests.end() && services->remove(session) && services->isEmpty())
            m_interests.erase(services);
    }
}

QStringList EntityCapabilities::mutualContacts(const QString &account) const
{
    const QStringList subscribers = m_rosters->subscribers(account);
    QStringList contacts;
    for (const QString &contact : m_rosters->subscriptions(account)) {
        if (subscribers.contains(contact) && contact != account
            && (!m_blocks || !m_blocks->separates(account, contact)))
            contacts << contact;
    }
    return contacts;
}

QStringList EntityCapabilities::interestedIn(const QString &owner, const QString &node) const
{
    QStringList sessions;
    const QHash<QString, Interest> services = m_interests.value(owner);
    for (auto it = services.cbegin(); it != services.cend(); ++it) {
        // A ver learned since (from another session's answer) counts at once.
        const QSet<QString> *known = m_known.object(it->ver);
        if (!(known ? known->contains(node) : it->nodes.contains(node)) && !it->toldBySession.contains(node))
            continue;
        const QString account = Jid::bare(it.key());
        if (account != owner && m_blocks && m_blocks->separates(owner, account))
            continue;
        sessions << it.key();
    }
    sessions.sort();
    return sessions;
}

QString EntityCapabilities::verificationHash(const QDomElement &query)
{
    QList<QByteArray> identities;
    for (const QDomElement &identity : Stanza::children(query, QStringLiteral("identity"), Ns::DiscoInfo)) {
        identities << QStringList { identity.attribute(QStringLiteral("category")),
                                    identity.attribute(QStringLiteral("type")),
                                    identity.attributeNS(Ns::Xml, QStringLiteral("lang"),
                                                         identity.attribute(QStringLiteral("xml:lang"))),
                                    identity.attribute(QStringLiteral("name")) }
                          .join(QLatin1Char('/'))
                          .toUtf8();
    }
    sortOctets(&identities);
    QList<QByteArray> features;
    for (const QDomElement &feature : Stanza::children(query, QStringLiteral("feature"), Ns::DiscoInfo))
        features << feature.attribute(QStringLiteral("var")).toUtf8();
    sortOctets(&features);

    // Extended information (XEP-0128): each form by its FORM_TYPE, fields by var, values sorted.
    QList<QPair<QByteArray, QByteArray>> forms;
    for (const QDomElement &form : Stanza::children(query, QStringLiteral("x"), Ns::DataForms)) {
        QByteArray formType;
        QList<QPair<QByteArray, QList<QByteArray>>> fields;
        for (const QDomElement &field : Stanza::children(form, QStringLiteral("field"), Ns::DataForms)) {
            QList<QByteArray> values;
            for (const QDomElement &value : Stanza::children(field, QStringLiteral("value"), Ns::DataForms))
                values << value.text().toUtf8();
            const QByteArray var = field.attribute(QStringLiteral("var")).toUtf8();
            if (var == "FORM_TYPE")
                formType = values.value(0);
            else
                fields.append({ var, values });
        }
        std::sort(fields.begin(), fields.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        QByteArray text = formType + '<';
        for (auto &field : fields) {
            sortOctets(&field.second);
            text += field.first + '<';
            for (const QByteArray &value : std::as_const(field.second))
                text += value + '<';
        }
        forms.append({ formType, text });
    }
    std::sort(forms.begin(), forms.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    QByteArray s;
    for (const QByteArray &identity : std::as_const(identities))
        s += identity + '<';
    for (const QByteArray &feature : std::as_const(features))
        s += feature + '<';
    for (const auto &form : std::as_const(forms))
        s += form.second;
    return QString::fromLatin1(QCryptographicHash::hash(s, QCryptographicHash::Sha1).toBase64());
}
