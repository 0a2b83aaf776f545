// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Reads a scenario file. Every error names where it is: a line and column for text
// that is not JSON, otherwise the step number and the field ("step 3 (join): missing
// field "nick""), so a bad file is fixed from the message alone.
#pragma once

#include "core/scenario/Scenario.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

class ScenarioParser
{
public:
    // False with *error when the text is not a valid scenario.
    static bool parse(const QByteArray &json, Scenario *scenario, QString *error);
    // As parse(); errors start with the path ("bad.json: step 2 ...").
    static bool load(const QString &path, Scenario *scenario, QString *error);

private:
    ScenarioParser() = default;

    bool parseRoot(const QJsonObject &root, Scenario *scenario);
    bool parseStep(const QJsonValue &value, ScenarioStep *step);
    bool parseAction(ScenarioStep *step);
    bool parseExpectation(ScenarioStep *step);
    bool parseFilter(ScenarioFilter *filter);
    bool parseHistory(ScenarioStep *step);
    bool parseSendXml(ScenarioStep *step);
    // Connection steps in an order that can play: a session loses its network only while
    // connected, resumes only after it lost it.
    bool followConnection(const ScenarioStep &step);

    // Readers for fields of m_object; each fails with a message naming the field.
    bool onlyFields(const QStringList &allowed);
    bool string(const QString &field, QString *out, bool required);
    bool optionalString(const QString &field, std::optional<QString> *out);
    bool wholeNumber(const QString &field, int *out, bool *present);
    bool codes(const QString &field, QList<int> *out);
    bool session(const QString &field, QString *out, bool declared);

    bool fail(const QString &message);

    QJsonObject m_object; // the object being read: the root or one step
    QString m_where; // "step 3 (join): ", empty for the root
    QStringList m_sessions;
    QHash<QString, ScenarioStep::Action> m_lastConnectionStep; // by session: lose, drop, ...
    QString m_error;
};
