// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/LobbyDemo.h"

#include "core/scenario/DemoScript.h"
#include "core/session/LabSession.h"

namespace {
LabSession *find(const QList<LabSession *> &sessions, const QString &user, const QString &resource)
{
    for (LabSession *session : sessions) {
        if (session->user() == user && session->resource() == resource)
            return session;
    }
    return nullptr;
}

QString name(const LabSession *session)
{
    return session->user() + QLatin1Char('/') + session->resource();
}
} // namespace

namespace LobbyDemo {

bool addSteps(DemoScript *script, const Setup &setup)
{
    LabSession *phone = find(setup.sessions, QStringLiteral("alice"), QStringLiteral("phone"));
    LabSession *laptop = find(setup.sessions, QStringLiteral("alice"), QStringLiteral("laptop"));
    LabSession *web = find(setup.sessions, QStringLiteral("alice"), QStringLiteral("web"));
    LabSession *bob = find(setup.sessions, QStringLiteral("bob"), QStringLiteral("desktop"));
    LabSession *carol = find(setup.sessions, QStringLiteral("carol"), QStringLiteral("mobile"));
    if (!phone || !laptop || !web || !bob || !carol)
        return false;

    const QList<LabSession *> all = setup.sessions;
    const QString room = setup.room;
    for (LabSession *session : all)
        QObject::connect(session, &LabSession::changed, script, &DemoScript::check);

    auto joined = [room](LabSession *s) { return s->isJoined(room); };
    auto join = [room, setup](LabSession *s) { s->join(room, setup.nickFor(s)); };
    auto everyJoinedHas = [all, room](const QString &body) {
        for (LabSession *s : all) {
            if (s->isJoined(room) && !s->groupBodies(room).contains(body))
                return false;
        }
        return true;
    };

    script->addStep({ QStringLiteral("All five sessions are online"),
                      {},
                      [all] {
                          for (LabSession *s : all) {
                              if (!s->isConnected() || !s->isAvailable())
                                  return false;
                          }
                          return true;
                      },
                      10000 });
    script->addStep({ QStringLiteral("Everybody leaves %1 for a fresh start").arg(room),
                      [all, room] {
                          for (LabSession *s : all)
                              s->leave(room);
                      },
                      [all, room] {
                          for (LabSession *s : all) {
                              if (s->isJoined(room))
                                  return false;
                          }
                          return true;
                      } });
    script->addStep({ QStringLiteral("Logs are cleared"), setup.clearLogs, [] { return true; } });
    script->addStep({ QStringLiteral("%1 joins as \u201c%2\u201d and configures the new room")
                          .arg(name(phone), setup.nickFor(phone)),
                      [=] { join(phone); },
                      // Until the instant-room form is accepted the room is locked to everybody else.
                      [=] { return joined(phone) && !phone->isConfiguring(room); } });
    script->addStep({ QStringLiteral("%1 joins").arg(name(laptop)), [=] { join(laptop); },
                      [=] { return joined(laptop); } });
    script->addStep(
        { QStringLiteral("%1 joins").arg(name(bob)), [=] { join(bob); }, [=] { return joined(bob); } });
    script->addStep({ QStringLiteral("%1 says \u201chello\u201d").arg(name(bob)),
                      [=] { bob->sendGroupMessage(room, QStringLiteral("hello")); },
                      [=] { return everyJoinedHas(QStringLiteral("hello")); } });
    script->addStep(
        { QStringLiteral("%1 joins late and gets \u201chello\u201d as history").arg(name(web)),
          [=] { join(web); },
          [=] { return joined(web) && web->groupBodies(room).contains(QStringLiteral("hello")); } });
    script->addStep(
        { QStringLiteral("%1 joins").arg(name(carol)), [=] { join(carol); },
          [=] { return joined(carol) && carol->groupBodies(room).contains(QStringLiteral("hello")); } });
    script->addStep({ QStringLiteral("%1 says \u201chi\u201d").arg(name(carol)),
                      [=] { carol->sendGroupMessage(room, QStringLiteral("hi")); },
                      [=] { return everyJoinedHas(QStringLiteral("hi")); } });
    script->addStep({ QStringLiteral("%1 leaves; %2 and %3 stay").arg(name(phone), name(laptop), name(web)),
                      [=] { phone->leave(room); },
                      [=] { return !joined(phone) && joined(laptop) && joined(web); } });
    return true;
}

QStringList report(const QList<LabSession *> &sessions, const QString &room)
{
    int width = 0;
    for (const LabSession *session : sessions)
        width = qMax(width, int(session->jid().size()) + 1);
    QStringList lines;
    for (const LabSession *session : sessions) {
        QStringList bodies;
        const auto messages = session->groupMessages(room);
        for (const LabSession::GroupMessage &message : messages)
            bodies << (message.delayed ? message.body + QStringLiteral(" (history)") : message.body);
        lines << QStringLiteral("%1 %2  (%3 groupchat among %4 stanzas from the room)")
                     .arg(session->jid() + QLatin1Char(':'), -width)
                     .arg(bodies.isEmpty() ? QStringLiteral("-") : bodies.join(QStringLiteral(", ")))
                     .arg(messages.size())
                     .arg(session->roomStanzaCount(room));
    }
    return lines;
}

} // namespace LobbyDemo
