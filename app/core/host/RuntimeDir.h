// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Qt warns "XDG_RUNTIME_DIR not set" when the variable is missing (CI, containers,
// sudo). Headless, nobody else needs one: point it at a private temporary directory
// that lives as long as this object.
#pragma once

#include <QTemporaryDir>
#include <memory>

class RuntimeDir
{
public:
    explicit RuntimeDir(bool headless);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};
