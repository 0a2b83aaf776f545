// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Data form (XEP-0004) helpers for the room configuration fields.
#pragma once

#include <QDomElement>

namespace MucForm {
// Adds a field with one value and returns it (list fields then take their options).
QDomElement addField(QDomElement form, const QString &var, const QString &type, const QString &label,
                     const QString &value);
// Adds <option label='label'><value>value</value></option> to a list-single or list-multi
// field: XEP-0004 §3.3 has the submitter choose among them, so a list field needs them all.
void addOption(QDomElement field, const QString &label, const QString &value);
QString boolText(bool value);
// "1"/"true" and "0"/"false"; *ok false for anything else.
bool parseBool(const QString &text, bool *ok);
} // namespace MucForm
