// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/RawStanza.h"

#include <QXmlStreamWriter>

RawStanza::RawStanza(const QString &xml)
    : m_xml(xml.toUtf8())
{ }

void RawStanza::toXml(QXmlStreamWriter *writer) const
{
    // Straight to the device: the writer would escape it as text.
    writer->device()->write(m_xml);
}
