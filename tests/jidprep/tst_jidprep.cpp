// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// JidPrep: nodeprep, resourceprep and nameprep through GNU libidn, and whole JIDs.
// A null result means "invalid".
#include "JidPrep.h"

#include <QTest>

namespace {
// QStringLiteral does not take \u escapes portably; build strings from code points.
QString fromUcs4(std::initializer_list<char32_t> codePoints)
{
    QString s;
    for (const char32_t c : codePoints)
        s += QString::fromUcs4(&c, 1);
    return s;
}
const QString Invalid; // null
} // namespace

class tst_JidPrep : public QObject
{
    Q_OBJECT

private slots:
    void node_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("alice") << QStringLiteral("alice");
        QTest::newRow("upper case folds") << QStringLiteral("ALICE") << QStringLiteral("alice");
        QTest::newRow("mixed case folds") << QStringLiteral("MaLLory") << QStringLiteral("mallory");
        QTest::newRow("digits, dot, dash, comma, equals")
            << QStringLiteral("a.b-c_1,x=y") << QStringLiteral("a.b-c_1,x=y");
        QTest::newRow("sharp s folds to ss") << QStringLiteral("Straße") << QStringLiteral("strasse");
        QTest::newRow("fullwidth letters")
            << fromUcs4({ 0xFF21, 0xFF2C, 0xFF29, 0xFF23, 0xFF25 }) << QStringLiteral("alice");
        QTest::newRow("accented upper case") << QStringLiteral("ÉLODIE") << QStringLiteral("élodie");
        QTest::newRow("decomposed accent composes")
            << fromUcs4({ 'c', 'a', 'f', 'e', 0x0301 }) << QStringLiteral("café");
        QTest::newRow("soft hyphen maps to nothing")
            << fromUcs4({ 'a', 'l', 0x00AD, 'i', 'c', 'e' }) << QStringLiteral("alice");
        QTest::newRow("greek") << QStringLiteral("ΑΛΙΚΗ") << QStringLiteral("αλικη");
        QTest::newRow("1023 bytes") << QString(1023, QLatin1Char('a')) << QString(1023, QLatin1Char('a'));
        // Unicode 3.2 unassigned code points are allowed (query strings).
        QTest::newRow("emoji") << fromUcs4({ 'a', 0x1F600 }) << fromUcs4({ 'a', 0x1F600 });

        QTest::newRow("empty") << QString() << Invalid;
        QTest::newRow("empty string") << QStringLiteral("") << Invalid;
        for (const char c : { '@', '/', ':', '<', '>', '&', '\'', '"' }) {
            const QString name = QStringLiteral("al") + QLatin1Char(c) + QStringLiteral("ice");
            QTest::addRow("prohibited %c", c) << name << Invalid;
        }
        QTest::newRow("spaces around") << QStringLiteral(" alice ") << Invalid;
        QTest::newRow("inner space") << QStringLiteral("al ice") << Invalid;
        QTest::newRow("tab") << QStringLiteral("alice\t") << Invalid;
        QTest::newRow("newline") << QStringLiteral("alice\n") << Invalid;
        QTest::newRow("no-break space") << fromUcs4({ 'a', 0x00A0, 'b' }) << Invalid;
        QTest::newRow("ideographic space") << fromUcs4({ 'a', 0x3000, 'b' }) << Invalid;
        QTest::newRow("control") << fromUcs4({ 'a', 0x0007, 'b' }) << Invalid;
        QTest::newRow("NUL") << fromUcs4({ 'a', 0x0000, 'b' }) << Invalid;
        QTest::newRow("private use") << fromUcs4({ 'a', 0xE000 }) << Invalid;
        QTest::newRow("right-to-left mixed with left-to-right") << fromUcs4({ 0x05D0, 'a' }) << Invalid;
        QTest::newRow("lone surrogate") << QString(QChar(0xD800)) << Invalid;
        QTest::newRow("1024 bytes") << QString(1024, QLatin1Char('a')) << Invalid;
        QTest::newRow("1024 bytes after prep") << QString(512, QChar(0x00E9)) << Invalid; // é is 2 bytes
        QTest::newRow("grows past 1023 bytes") << QString(512, QChar(0x00DF)) << Invalid; // ß -> ss
    }
    void node()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString prepared = JidPrep::node(input);
        QCOMPARE(prepared, expected);
        QCOMPARE(prepared.isNull(), expected.isNull());
        if (!prepared.isNull())
            QCOMPARE(JidPrep::node(prepared), prepared); // idempotent
    }

    void resource_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("keeps case") << QStringLiteral("Phone") << QStringLiteral("Phone");
        QTest::newRow("keeps spaces") << QStringLiteral(" my phone ") << QStringLiteral(" my phone ");
        QTest::newRow("@ and / allowed") << QStringLiteral("a@b/c:d") << QStringLiteral("a@b/c:d");
        QTest::newRow("fullwidth letters") << fromUcs4({ 0xFF30, 0xFF48 }) << QStringLiteral("Ph");
        QTest::newRow("soft hyphen maps to nothing")
            << fromUcs4({ 'a', 0x00AD, 'b' }) << QStringLiteral("ab");
        QTest::newRow("sharp s kept") << QStringLiteral("Straße") << QStringLiteral("Straße");
        QTest::newRow("emoji") << fromUcs4({ 0x1F4F1 }) << fromUcs4({ 0x1F4F1 });
        // NFKC comes before the prohibition check: a no-break space is a space by then.
        QTest::newRow("no-break space becomes a space")
            << fromUcs4({ 'a', 0x00A0, 'b' }) << QStringLiteral("a b");
        QTest::newRow("1023 bytes") << QString(1023, QLatin1Char('R')) << QString(1023, QLatin1Char('R'));

        QTest::newRow("empty") << QString() << Invalid;
        QTest::newRow("tab") << QStringLiteral("phone\t") << Invalid;
        QTest::newRow("control") << fromUcs4({ 'a', 0x001B }) << Invalid;
        QTest::newRow("1024 bytes") << QString(1024, QLatin1Char('R')) << Invalid;
    }
    void resource()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString prepared = JidPrep::resource(input);
        QCOMPARE(prepared, expected);
        QCOMPARE(prepared.isNull(), expected.isNull());
    }

    void domain_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("example.com") << QStringLiteral("example.com");
        QTest::newRow("host name") << QStringLiteral("localhost") << QStringLiteral("localhost");
        QTest::newRow("upper case") << QStringLiteral("Example.COM") << QStringLiteral("example.com");
        QTest::newRow("final dot removed") << QStringLiteral("example.com.") << QStringLiteral("example.com");
        QTest::newRow("dashes and digits")
            << QStringLiteral("xn--bcher-kva.ch1") << QStringLiteral("xn--bcher-kva.ch1");
        QTest::newRow("international")
            << QStringLiteral("BÜCHER.example") << QStringLiteral("bücher.example");
        QTest::newRow("fullwidth with fullwidth dot")
            << fromUcs4({ 0xFF45, 0xFF58, 0xFF0E, 0xFF43, 0xFF4F, 0xFF4D }) << QStringLiteral("ex.com");
        QTest::newRow("ideographic full stop")
            << fromUcs4({ 'e', 'x', 0x3002, 'c', 'o', 'm' }) << QStringLiteral("ex.com");
        QTest::newRow("IPv4") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
        QTest::newRow("IPv6") << QStringLiteral("[::1]") << QStringLiteral("[::1]");
        QTest::newRow("IPv6 upper case")
            << QStringLiteral("[2001:DB8::1]") << QStringLiteral("[2001:db8::1]");
        QTest::newRow("63 byte label") << QString(63, QLatin1Char('a')) + QStringLiteral(".com")
                                       << QString(63, QLatin1Char('a')) + QStringLiteral(".com");

        QTest::newRow("empty") << QString() << Invalid;
        QTest::newRow("only a dot") << QStringLiteral(".") << Invalid;
        QTest::newRow("empty label") << QStringLiteral("a..com") << Invalid;
        QTest::newRow("leading dot") << QStringLiteral(".example.com") << Invalid;
        QTest::newRow("two final dots") << QStringLiteral("example.com..") << Invalid;
        QTest::newRow("space") << QStringLiteral("exa mple.com") << Invalid;
        QTest::newRow("@") << QStringLiteral("a@example.com") << Invalid;
        QTest::newRow("underscore") << QStringLiteral("my_host") << Invalid;
        QTest::newRow("leading dash") << QStringLiteral("-host.com") << Invalid;
        QTest::newRow("64 byte label") << QString(64, QLatin1Char('a')) + QStringLiteral(".com") << Invalid;
        QTest::newRow("IPv6 not an address") << QStringLiteral("[not:an:address:x]") << Invalid;
        QTest::newRow("IPv6 unclosed") << QStringLiteral("[::1") << Invalid;
        QTest::newRow("IPv6 empty") << QStringLiteral("[]") << Invalid;
        QTest::newRow("control") << fromUcs4({ 'a', 0x0001, '.', 'c', 'o', 'm' }) << Invalid;
    }
    void domain()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString prepared = JidPrep::domain(input);
        QCOMPARE(prepared, expected);
        QCOMPARE(prepared.isNull(), expected.isNull());
    }

    void jid_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("full") << QStringLiteral("ALICE@Example.COM/Phone")
                              << QStringLiteral("alice@example.com/Phone");
        QTest::newRow("bare") << QStringLiteral("Bob@localhost") << QStringLiteral("bob@localhost");
        QTest::newRow("domain only") << QStringLiteral("Example.com") << QStringLiteral("example.com");
        QTest::newRow("domain and resource")
            << QStringLiteral("example.com/Res") << QStringLiteral("example.com/Res");
        QTest::newRow("slashes and @ in the resource")
            << QStringLiteral("a@b.c/d/e@f") << QStringLiteral("a@b.c/d/e@f");
        QTest::newRow("first / ends the bare part") << QStringLiteral("b.c/d@e") << QStringLiteral("b.c/d@e");
        QTest::newRow("resource keeps spaces")
            << QStringLiteral("a@b/ my phone ") << QStringLiteral("a@b/ my phone ");
        QTest::newRow("final dot of domain")
            << QStringLiteral("a@example.com./r") << QStringLiteral("a@example.com/r");
        QTest::newRow("IPv6 domain") << QStringLiteral("a@[::1]/r") << QStringLiteral("a@[::1]/r");
        QTest::newRow("sharp s node") << QStringLiteral("Straße@x") << QStringLiteral("strasse@x");

        QTest::newRow("empty") << QString() << Invalid;
        QTest::newRow("empty node") << QStringLiteral("@example.com") << Invalid;
        QTest::newRow("empty resource") << QStringLiteral("a@example.com/") << Invalid;
        QTest::newRow("empty domain") << QStringLiteral("a@/r") << Invalid;
        QTest::newRow("only a resource") << QStringLiteral("/r") << Invalid;
        QTest::newRow("two @") << QStringLiteral("a@b@example.com") << Invalid;
        QTest::newRow("space in node") << QStringLiteral(" alice @example.com") << Invalid;
        QTest::newRow("quote in node") << QStringLiteral("al\"ice@example.com") << Invalid;
        QTest::newRow("control in resource") << QStringLiteral("a@example.com/r\t") << Invalid;
        QTest::newRow("node too long") << QString(1024, QLatin1Char('n')) + QStringLiteral("@x") << Invalid;
        QTest::newRow("resource too long")
            << QStringLiteral("n@x/") + QString(1024, QLatin1Char('r')) << Invalid;
    }
    void jid()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString prepared = JidPrep::jid(input);
        QCOMPARE(prepared, expected);
        QCOMPARE(prepared.isNull(), expected.isNull());
    }
};

QTEST_GUILESS_MAIN(tst_JidPrep)
#include "tst_jidprep.moc"
