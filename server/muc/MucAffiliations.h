// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Affiliations (XEP-0045 §9, §10): outcasts may not enter, and admins and owners
// read and change the affiliation lists (ban, membership, admin, owner).
#pragma once

#include "MucFeature.h"

class MucAffiliations : public MucFeature
{
public:
    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;

    bool handlesAdminItem(const MucAdminRequest &request) const override;
    MucRefusal listAdminItems(const MucAdminRequest &request, QDomElement list) const override;
    MucRefusal checkAdminItem(const MucAdminRequest &request) const override;
    void applyAdminItem(MucContext &context, const MucAdminRequest &request) override;
};
