// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The scenario files that come with the lab. They are compiled into the program as
// Qt resources (:/scenarios/…), so the list is the same from the build tree, an
// install prefix or anywhere else the binary is copied.
#pragma once

#include <QStringList>
#include <QVector>

class BundledScenarios
{
public:
    static QString resourceDir() { return QStringLiteral(":/scenarios"); }
    // Paths (resource paths) of every bundled scenario, by file name.
    static QStringList files();
    // What a menu shows for one bundled scenario.
    struct Entry
    {
        QString path;
        QString title; // "§4  One session leaves, the account stays", or the file name
        QString description; // or why the file does not load
    };
    static QVector<Entry> entries();

private:
    BundledScenarios() = default;
};
