// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XmlText: what fromElement() and streamBytes() write parses back to the same element
// (names, namespaces, attributes with theirs, text), whatever the stanza holds.
#include "XmlText.h"

#include <QDomDocument>
#include <QTest>

namespace {
// The element as namespaces and values see it, independent of how the text spelt them.
QString describe(const QDomElement &element)
{
    QStringList attributes;
    const QDomNamedNodeMap map = element.attributes();
    for (int i = 0; i < map.count(); ++i) {
        const QDomAttr attribute = map.item(i).toAttr();
        if (attribute.name() == QLatin1String("xmlns")
            || attribute.name().startsWith(QLatin1String("xmlns:")))
            continue;
        attributes << QStringLiteral("{%1}%2=%3")
                          .arg(attribute.namespaceURI(),
                               attribute.localName().isEmpty() ? attribute.name() : attribute.localName(),
                               attribute.value());
    }
    attributes.sort();
    QString children;
    for (QDomNode child = element.firstChild(); !child.isNull(); child = child.nextSibling())
        children += child.isElement() ? describe(child.toElement())
                                      : QStringLiteral("'%1'").arg(child.nodeValue());
    return QStringLiteral("{%1}%2[%3](%4)")
        .arg(element.namespaceURI(), element.localName(), attributes.join(QLatin1Char(' ')), children);
}
} // namespace

class tst_XmlText : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::newRow("message with escapes")
            << QStringLiteral("<message xmlns='jabber:client' to='a@b/c' type='chat'>"
                              "<body>hi &amp; &lt;bye&gt; ]]&gt;</body></message>");
        QTest::newRow("nested namespaces")
            << QStringLiteral("<message xmlns='jabber:client' type='groupchat'>"
                              "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner'/></x>"
                              "<stanza-id xmlns='urn:xmpp:sid:0' by='r@conference.localhost' id='1'/>"
                              "<body>after</body></message>");
        QTest::newRow("xml:lang") << QStringLiteral(
            "<message xmlns='jabber:client' xml:lang='en'><body xml:lang='de'>Hallo</body></message>");
        QTest::newRow("prefixed attribute")
            << QStringLiteral("<message xmlns='jabber:client' xmlns:foo='urn:example:foo' foo:bar='baz'>"
                              "<body foo:lang='x'>x</body></message>");
        QTest::newRow("prefixed elements")
            << QStringLiteral("<foo:item xmlns:foo='urn:example:foo' id='1'><foo:sub/><plain "
                              "xmlns='urn:example:plain'/></foo:item>");
        QTest::newRow("quotes, tabs and newlines in attributes")
            << QStringLiteral("<presence xmlns='jabber:client' id='a&quot;b&apos;c&#10;d&#9;e&lt;'/>");
        QTest::newRow("outside the BMP")
            << QStringLiteral("<message xmlns='jabber:client'><body>&#x1F600; smile</body></message>");
        QTest::newRow("mixed content") << QStringLiteral("<p xmlns='urn:example:x'>a<b>c</b>d<e/>f</p>");
        QTest::newRow("no namespace") << QStringLiteral("<query><item name='x'/></query>");
    }
    void roundTrip()
    {
        QFETCH(QString, xml);
        QString error;
        const QDomElement original = XmlText::toElement(xml, &error);
        QVERIFY2(!original.isNull(), qPrintable(error));

        const QString text = XmlText::fromElement(original);
        const QDomElement fromText = XmlText::toElement(text, &error);
        QVERIFY2(!fromText.isNull(), qPrintable(error + QStringLiteral(": ") + text));
        QCOMPARE(describe(fromText), describe(original));

        // On a stream jabber:client is the default namespace: the bytes parse inside it
        // (where an element of no namespace would take it).
        if (original.namespaceURI().isEmpty())
            return;
        const QByteArray bytes = XmlText::streamBytes(original);
        const QDomElement wrapper = XmlText::toElement(
            QStringLiteral("<stream xmlns='jabber:client'>%1</stream>").arg(QString::fromUtf8(bytes)),
            &error);
        QVERIFY2(!wrapper.isNull(), qPrintable(error + QStringLiteral(": ") + QString::fromUtf8(bytes)));
        QCOMPARE(describe(wrapper.firstChildElement()), describe(original));
    }

    // Text set by the server (not parsed) may hold what XML cannot carry: left out, so the
    // stream stays well-formed; tabs, line breaks and carriage returns survive.
    void invalidCharactersLeftOut()
    {
        QDomDocument document;
        QDomElement body = document.createElementNS(QStringLiteral("jabber:client"), QStringLiteral("body"));
        body.setAttribute(QStringLiteral("note"), QStringLiteral("a\tb\nc\rd") + QChar(0x01) + QChar(0xFFFF));
        body.appendChild(
            document.createTextNode(QStringLiteral("x") + QChar(0x08) + QStringLiteral("\ty\r\nz")));
        for (const QString &text :
             { XmlText::fromElement(body), QString::fromUtf8(XmlText::streamBytes(body)) }) {
            QString error;
            const QDomElement parsed = XmlText::toElement(text, &error);
            QVERIFY2(!parsed.isNull(), qPrintable(error + QStringLiteral(": ") + text));
            QCOMPARE(parsed.attribute(QStringLiteral("note")), QStringLiteral("a\tb\nc\rd"));
            QCOMPARE(parsed.text(), QStringLiteral("x\ty\r\nz"));
        }
    }

    // A stanza read back from the archive keeps its namespace: the text names it.
    void namespaceIsWritten()
    {
        const QDomElement message
            = XmlText::toElement(QStringLiteral("<message xmlns='jabber:client'><body>x</body></message>"));
        QVERIFY(XmlText::fromElement(message).contains(QLatin1String("xmlns=\"jabber:client\"")));
        QVERIFY(!XmlText::streamBytes(message).contains("xmlns"));
    }
};

QTEST_GUILESS_MAIN(tst_XmlText)
#include "tst_xmltext.moc"
