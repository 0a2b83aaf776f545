// The command line of minimix-server, parsed into options or a clear error.
#pragma once

#include "MinimixServer.h"

#include <QPair>
#include <QStringList>

struct ServerCommandLine
{
    enum class Outcome { Run, ShowHelp, ShowVersion, Error };

    Outcome outcome = Outcome::Run;
    QString error;
    QString helpText;
    ServerOptions options;
    QList<QPair<QString, QString>> accounts; // name, password
    bool logStanzas = false;

    static ServerCommandLine parse(const QStringList &arguments);
};
