// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Force-included (-include) into every file of the fuzz build when it uses Qt 5 with clang.
// Qt 5.15's constexpr QLatin1String(const char *) counts with strlen(), which GCC folds in
// constant expressions and clang does not: the project's constexpr QLatin1String constants
// (Vocabulary.h and others) compile with clang only through the builtin it does fold.
#pragma once

#include <cstring>

#define strlen(s) __builtin_strlen(s)
