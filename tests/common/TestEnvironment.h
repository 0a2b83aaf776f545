// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What every test shares about where it runs: skips CTest can see (exit code 77,
// SKIP_RETURN_CODE in tests/CMakeLists.txt), CI strictness (CI=true turns a missing
// requirement into a failure), user settings kept out of reach, and first/last
// element access that fails the test instead of reading past an empty list.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

namespace TestEnvironment {

// The exit code CTest reports as "Skipped" (SKIP_RETURN_CODE of every test).
constexpr int SkipExitCode = 77;

// True under CI (CI=true, as .ci/run sets it): there every requirement is installed,
// so what would be a skip elsewhere is a failure.
inline bool inCi()
{
    const QByteArray ci = qgetenv("CI").trimmed().toLower();
    return !ci.isEmpty() && ci != "0" && ci != "false" && ci != "no";
}

inline bool &skipNoted()
{
    static bool skipped = false;
    return skipped;
}

// For main(), before qExec, when the whole test cannot run: the exit code to return
// (SkipExitCode, or 1 under CI) after saying why.
inline int unavailable(const QString &test, const QString &why)
{
    QTextStream err(stderr);
    if (inCi()) {
        err << "FAIL!  : " << test << ": " << why << " (CI is set: every requirement must be present)\n";
        return 1;
    }
    err << "SKIP   : " << test << ": " << why << " (exit code " << SkipExitCode << ")\n";
    return SkipExitCode;
}

// The exit code of a test's main(): qExec's failures, or SkipExitCode when nothing
// failed but a MINIMIX_SKIP skipped something (CTest then shows the test as skipped).
inline int exitCode(int failures)
{
    return failures == 0 && skipNoted() ? SkipExitCode : failures;
}

// Keeps a test and the programs it starts away from the user's saved settings and
// data: QStandardPaths test mode (~/.qttest/...) for this process, with the lab's
// settings there emptied, and fresh XDG config/data/cache homes for child processes
// (which do not inherit test mode). Call it first in initTestCase; false with *error
// set when the settings still point to a real location.
inline bool isolateUserSettings(const QString &organization, const QString &application, QString *error)
{
    QStandardPaths::setTestModeEnabled(true);
    static QTemporaryDir homes;
    if (!homes.isValid()) {
        *error = QStringLiteral("no temporary directory for child processes' settings");
        return false;
    }
    for (const char *variable : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME" }) {
        const QString path = homes.filePath(QString::fromLatin1(variable));
        QDir().mkpath(path);
        qputenv(variable, QFile::encodeName(path));
    }
    QSettings settings(organization, application);
    const QString testConfig = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (!settings.fileName().startsWith(testConfig + QLatin1Char('/'))
        || !testConfig.contains(QLatin1String("/.qttest/"))) {
        *error = QStringLiteral("settings file %1 is not under the test location %2")
                     .arg(settings.fileName(), testConfig);
        return false;
    }
    settings.clear();
    settings.sync();
    return true;
}

template<typename List>
typename List::value_type checkedAt(const List &list, int index, const char *expression, const char *file,
                                    int line)
{
    if (index < 0 || index >= list.size()) {
        const QString message = list.isEmpty()
            ? QStringLiteral("%1 is empty").arg(QString::fromUtf8(expression))
            : QStringLiteral("%1 has %2 elements, no [%3]")
                  .arg(QString::fromUtf8(expression))
                  .arg(list.size())
                  .arg(index);
        QTest::qFail(qPrintable(message), file, line);
        return typename List::value_type();
    }
    return list.at(index);
}

template<typename List>
typename List::value_type checkedLast(const List &list, const char *expression, const char *file, int line)
{
    return checkedAt(list, list.size() - 1, expression, file, line);
}

} // namespace TestEnvironment

// QSKIP that also makes the test exit with SkipExitCode (use TestEnvironment::exitCode
// in main), so CTest reports a skip rather than a pass.
#define MINIMIX_SKIP(reason)                                                                                 \
    do {                                                                                                     \
        TestEnvironment::skipNoted() = true;                                                                 \
        QSKIP(reason);                                                                                       \
    } while (false)

// The first, last or index-th element of a list (a copy), or, when there is none, a
// test failure at this line and a default-constructed value, never undefined behaviour.
#define FIRST_OF(list) TestEnvironment::checkedAt((list), 0, #list, __FILE__, __LINE__)
#define LAST_OF(list) TestEnvironment::checkedLast((list), #list, __FILE__, __LINE__)
#define AT_OF(list, index) TestEnvironment::checkedAt((list), (index), #list, __FILE__, __LINE__)

// QTEST_MAIN / QTEST_GUILESS_MAIN with TestEnvironment::exitCode.
#define MINIMIX_TEST_MAIN_WITH(Application, TestObject)                                                      \
    int main(int argc, char *argv[])                                                                         \
    {                                                                                                        \
        Application app(argc, argv);                                                                         \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                             \
        TestObject tc;                                                                                       \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return TestEnvironment::exitCode(QTest::qExec(&tc, argc, argv));                                     \
    }
