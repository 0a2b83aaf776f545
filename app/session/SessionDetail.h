// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Everything about one session in one place: its controls, the room as it sees it
// (chat and occupants), the XML console of all it sent and received, and a raw
// XML input that sends any stanza from it.
#pragma once

#include <QWidget>

class ChatView;
class LabServerHost;
class LabSession;
class OccupantList;
class RawXmlInput;
class SessionControls;
class XmlConsole;

class SessionDetail : public QWidget
{
    Q_OBJECT
public:
    SessionDetail(LabSession *session, LabServerHost *host, const QString &roomJid, const QColor &accent,
                  QWidget *parent = nullptr);

    LabSession *session() const { return m_session; }
    SessionControls *controls() const { return m_controls; }
    ChatView *chat() const { return m_chat; }
    OccupantList *occupants() const { return m_occupants; }
    XmlConsole *console() const { return m_console; }
    RawXmlInput *rawInput() const { return m_raw; }

private:
    LabSession *const m_session;
    SessionControls *m_controls = nullptr;
    ChatView *m_chat = nullptr;
    OccupantList *m_occupants = nullptr;
    XmlConsole *m_console = nullptr;
    RawXmlInput *m_raw = nullptr;
};
