// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scenario runner on an embedded lab server, without a window: the lab's own sessions
// (for the lab's scenario files), or none (a scansion script brings its own clients).
// Header-only: the suites that use it link the lab's core library, the test support
// library does not.
#pragma once

#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"

#include <memory>

struct ScenarioLab
{
    enum class Sessions { Lab, None };

    explicit ScenarioLab(Sessions withSessions = Sessions::Lab)
        : host(std::make_unique<LabServerHost>())
    {
        if (withSessions == Sessions::Lab) {
            for (const QString &name : LabServerHost::sessionNames()) {
                const int slash = name.indexOf(QLatin1Char('/'));
                sessions << new LabSession(name.left(slash), host->domain(), name.mid(slash + 1));
            }
        }
        target = std::make_unique<LabScenarioTarget>(host.get(), sessions);
        runner = std::make_unique<ScenarioRunner>(target.get());
    }
    ~ScenarioLab()
    {
        runner.reset();
        target.reset();
        qDeleteAll(sessions); // before the server, so they close their streams
        host.reset();
    }
    ScenarioLab(const ScenarioLab &) = delete;
    ScenarioLab &operator=(const ScenarioLab &) = delete;

    std::unique_ptr<LabServerHost> host;
    QList<LabSession *> sessions;
    std::unique_ptr<LabScenarioTarget> target;
    std::unique_ptr<ScenarioRunner> runner;
};
