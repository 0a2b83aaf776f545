// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// muc#admin queries (XEP-0045 §8, §9, §10): each <item/> goes to the feature that
// handles it (roles: MucModeration, affiliations: MucAffiliations). A get reads the
// list its first item names; a set is checked item by item, then applied whole.
#pragma once

#include "MucFeature.h"

#include <QList>

class MucAdmin
{
public:
    enum class Outcome { Unchanged, Changed };

    explicit MucAdmin(const QList<MucFeature *> &features);

    // Changed when the items of a set were applied: occupants may have left.
    Outcome handle(MucContext &context, MucRoom *room, const QDomElement &iq) const;

private:
    MucAdminRequest request(MucRoom *room, const QDomElement &iq, const QDomElement &item) const;
    MucFeature *featureFor(const MucAdminRequest &request) const;
    void list(MucContext &context, const MucAdminRequest &request, const QDomElement &iq) const;
    Outcome change(MucContext &context, MucRoom *room, const QDomElement &iq,
                   const QList<QDomElement> &items) const;

    const QList<MucFeature *> &m_features;
};
