// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/RuntimeDir.h"

#include <QDir>
#include <QFile>

RuntimeDir::RuntimeDir(bool headless)
{
    if (!headless || !qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    // QTemporaryDir creates it 0700, as the XDG spec wants.
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/minimix-lab-runtime-XXXXXX"));
    if (m_dir->isValid())
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir->path()));
}
