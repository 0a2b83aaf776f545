// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What a headless scenario run prints while it plays: one line per step,
// "  ok    3/12  alice/phone says hi in lobby  (2 deliveries)" or "  FAIL ..." with why.
#pragma once

class QTextStream;
class ScenarioRunner;
class Scenario;
class ScenarioSummary;

namespace StepLog {
// Prints each step of 'scenario' to 'out' as 'runner' passes or fails it.
void follow(ScenarioRunner *runner, const Scenario &scenario, QTextStream *out);

constexpr int NotReadyExitCode = 4;
// A headless run's exit code: 0 every step passed, 1 one failed, NotReadyExitCode
// when no step could run.
int exitCode(const ScenarioSummary &summary);
} // namespace StepLog
