// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// StanzaReader, the incremental parser of a client's stream: the events and DOM it
// produces however the bytes are cut into chunks, the RFC 6120 stream error it names
// for bad input, and the limits it enforces before the parser sees the bytes. No network.
#include "StanzaReader.h"
#include "StreamLimits.h"
#include "TestEnvironment.h"

#include <QDomElement>
#include <QElapsedTimer>
#include <QTest>
#include <algorithm>

namespace {
const QByteArray Declaration = QByteArrayLiteral("<?xml version='1.0'?>");
const QByteArray StreamTag = QByteArrayLiteral("<stream:stream xmlns='jabber:client' "
                                               "xmlns:stream='http://etherx.jabber.org/streams' "
                                               "to='localhost' version='1.0'>");
const QByteArray Header = Declaration + StreamTag;
const QByteArray Message
    = QByteArrayLiteral("<message to='bob@localhost' type='chat' id='m1'><body>hello</body></message>");
const QByteArray Iq
    = QByteArrayLiteral("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
const QByteArray Presence = QByteArrayLiteral("<presence/>");
const QByteArray Auth = QByteArrayLiteral("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                                          "mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>");
const QByteArray Bind
    = QByteArrayLiteral("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                        "<resource>desk</resource></bind></iq>");

// The events as describe() and run() write them.
const QString Opened = QStringLiteral("open to=localhost");
const QString MessageEvent = QStringLiteral("message[id=m1 to=bob@localhost type=chat](body(\"hello\"))");
const QString IqEvent = QStringLiteral("iq[id=p1 to=localhost type=get](ping{urn:xmpp:ping})");
const QString PresenceEvent = QStringLiteral("presence");
const QString Closed = QStringLiteral("close");
const QString AuthEvent
    = QStringLiteral("auth{urn:ietf:params:xml:ns:xmpp-sasl}[mechanism=PLAIN](\"AGFsaWNlAHNlY3JldA==\")");
const QString BindEvent
    = QStringLiteral("iq[id=b1 type=set](bind{urn:ietf:params:xml:ns:xmpp-bind}(resource(\"desk\")))");

QString fail(const char *condition)
{
    return QStringLiteral("fail ") + QLatin1String(condition);
}

QByteArray stanzaWithBody(const QByteArray &body)
{
    return QByteArrayLiteral("<message to='bob@localhost'><body>") + body
        + QByteArrayLiteral("</body></message>");
}
QString bodyEvent(const QString &text)
{
    return QStringLiteral("message[to=bob@localhost](body(\"%1\"))").arg(text);
}

QByteArray streamTagWith(const QByteArray &defaultNs, const QByteArray &streamNs)
{
    return QByteArrayLiteral("<stream:stream xmlns='") + defaultNs + QByteArrayLiteral("' xmlns:stream='")
        + streamNs + QByteArrayLiteral("' to='localhost' version='1.0'>");
}

QByteArray nested(int depth)
{
    QByteArray open;
    QByteArray close;
    for (int i = 0; i < depth; ++i) {
        open += QByteArrayLiteral("<e") + QByteArray::number(i) + '>';
        close.prepend(QByteArrayLiteral("</e") + QByteArray::number(i) + '>');
    }
    return open + close;
}
QString nestedEvent(int depth)
{
    QString text;
    for (int i = depth - 1; i >= 0; --i)
        text = QStringLiteral("e%1").arg(i) + (text.isEmpty() ? QString() : QStringLiteral("(%1)").arg(text));
    return text;
}

// An element with the given number of attributes (or namespace declarations).
QByteArray withAttributes(const QByteArray &name, int count,
                          const QByteArray &prefix = QByteArrayLiteral("a"))
{
    QByteArray element = '<' + name;
    for (int i = 0; i < count; ++i)
        element += ' ' + prefix + QByteArray::number(i) + "='v'";
    return element + "/>";
}

QByteArrayList bytewise(const QByteArray &data)
{
    QByteArrayList chunks;
    for (const char c : data)
        chunks << QByteArray(1, c);
    return chunks;
}

// A canonical text of an element: name, {namespace} where it differs from the
// parent's, [attributes] sorted, (children) with adjacent text merged.
QString describe(const QDomElement &element, const QString &parentNs = QStringLiteral("jabber:client"))
{
    QString text = element.localName().isEmpty() ? QStringLiteral("(no namespace)") + element.tagName()
        : element.prefix().isEmpty()             ? element.localName()
                                                 : element.prefix() + QLatin1Char(':') + element.localName();
    if (element.namespaceURI() != parentNs)
        text += QLatin1Char('{') + element.namespaceURI() + QLatin1Char('}');
    QStringList attributes;
    const QDomNamedNodeMap map = element.attributes();
    for (int i = 0; i < map.count(); ++i) {
        const QDomAttr attribute = map.item(i).toAttr();
        const QString key = attribute.namespaceURI().isEmpty()
            ? attribute.name()
            : QLatin1Char('{') + attribute.namespaceURI() + QLatin1Char('}') + attribute.localName();
        attributes << key + QLatin1Char('=') + attribute.value();
    }
    std::sort(attributes.begin(), attributes.end());
    if (!attributes.isEmpty())
        text += QLatin1Char('[') + attributes.join(QLatin1Char(' ')) + QLatin1Char(']');
    QStringList children;
    QString pendingText;
    bool inText = false;
    for (QDomNode child = element.firstChild(); !child.isNull(); child = child.nextSibling()) {
        if (child.isText() || child.isCDATASection()) {
            pendingText += child.nodeValue();
            inText = true;
            continue;
        }
        if (inText)
            children << QLatin1Char('"') + pendingText + QLatin1Char('"');
        pendingText.clear();
        inText = false;
        if (child.isElement())
            children << describe(child.toElement(), element.namespaceURI());
        else
            children << QStringLiteral("?node type %1").arg(child.nodeType());
    }
    if (inText)
        children << QLatin1Char('"') + pendingText + QLatin1Char('"');
    if (!children.isEmpty())
        text += QLatin1Char('(') + children.join(QLatin1Char(' ')) + QLatin1Char(')');
    return text;
}

// Reads events until the reader needs more; true once it failed.
bool drain(StanzaReader &reader, QStringList *events)
{
    for (int guard = 0; guard < 100000; ++guard) {
        switch (reader.next()) {
        case StanzaReader::Event::NeedMore:
            return false;
        case StanzaReader::Event::StreamOpened:
            *events << QStringLiteral("open to=") + reader.streamAttribute(QStringLiteral("to"));
            break;
        case StanzaReader::Event::Element:
            *events << describe(reader.element());
            break;
        case StanzaReader::Event::StreamClosed:
            *events << Closed;
            break;
        case StanzaReader::Event::Failed:
            *events << QStringLiteral("fail ") + reader.faultCondition();
            if (reader.faultText().isEmpty())
                *events << QStringLiteral("(no fault text)");
            return true;
        }
    }
    *events << QStringLiteral("(next() never said NeedMore)");
    return true;
}

struct Run
{
    QStringList events;
    int faultChunk = -1; // the chunk after which the fault came out
};

Run run(StanzaReader &reader, const QByteArrayList &chunks)
{
    Run result;
    for (int i = 0; i < chunks.size(); ++i) {
        reader.feed(chunks.at(i));
        if (drain(reader, &result.events)) {
            result.faultChunk = i;
            return result;
        }
    }
    return result;
}

Run run(const QByteArrayList &chunks)
{
    StanzaReader reader;
    return run(reader, chunks);
}

// Printable and short, for failure messages.
QString show(const QByteArray &bytes)
{
    QString text;
    for (const char c : bytes.left(120)) {
        const auto u = static_cast<unsigned char>(c);
        text += (u >= 0x20 && u < 0x7f) ? QString(QLatin1Char(c))
                                        : QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > 120)
        text += QStringLiteral("...(%1 bytes)").arg(bytes.size());
    return text;
}

QString mismatch(const QString &mode, const QStringList &got, const QStringList &expected)
{
    return QStringLiteral("%1:\n  got      %2\n  expected %3")
        .arg(mode, got.join(QStringLiteral(" | ")), expected.join(QStringLiteral(" | ")));
}
QString mismatch(const char *mode, const QStringList &got, const QStringList &expected)
{
    return mismatch(QString::fromLatin1(mode), got, expected);
}
} // namespace

class tst_StanzaReader : public QObject
{
    Q_OBJECT

private slots:
    // Each row: a stream and the events it gives. The same events must come out when
    // it arrives whole, byte by byte, and (when short) cut in two at every position.
    void events_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        // The fault is found on the raw bytes as they are fed (the attribute count):
        // elements complete earlier in the same chunk may not come out first.
        QTest::addColumn<bool>("earlyFault");
        const auto row
            = [](const char *name, const QByteArray &input, const QStringList &expected,
                 bool earlyFault = false) { QTest::newRow(name) << input << expected << earlyFault; };

        // Valid streams.
        row("stream header", Header, { Opened });
        row("stream header without XML declaration", StreamTag, { Opened });
        row("XML declaration with encoding UTF-8",
            "<?xml version='1.0' encoding='utf-8'?>" + StreamTag + Presence, { Opened, PresenceEvent });
        row("white space before the stream header", "\n \t\r\n" + StreamTag, { Opened });
        row("white space before the XML declaration", "\n \t\r\n" + Header + Presence,
            { Opened, PresenceEvent });
        row("UTF-8 byte order mark", "\xef\xbb\xbf" + Header + Presence, { Opened, PresenceEvent });
        row("header and stanzas", Header + Message + Iq + Presence,
            { Opened, MessageEvent, IqEvent, PresenceEvent });
        row("white space keep-alives between stanzas",
            Header + " " + Message + "\n\t\r " + Iq + "  " + Presence,
            { Opened, MessageEvent, IqEvent, PresenceEvent });
        row("stream closed by the client", Header + Message + "</stream:stream>",
            { Opened, MessageEvent, Closed });
        row("nothing after the close counts", Header + "</stream:stream>" + "garbage <<<",
            { Opened, Closed });
        row("self-closed stream element", QByteArray(StreamTag).replace("'1.0'>", "'1.0'/>"),
            { Opened, Closed });
        row("stream prefix other than 'stream'",
            "<s:stream xmlns='jabber:client' xmlns:s='http://etherx.jabber.org/streams' to='localhost' "
            "version='1.0'>"
                + Presence + "</s:stream>",
            { Opened, PresenceEvent, Closed });
        row("'>' inside a stream header attribute",
            QByteArray(StreamTag).replace("to='localhost'", "to='local>host' xml:lang='e>n'") + Message + Iq,
            { QStringLiteral("open to=local>host"), MessageEvent, IqEvent });
        row("'>' and '/>' inside a stanza attribute",
            Header + "<message to='bob@localhost' id='a>b/>c' type='chat'><body>x</body></message>"
                + Presence,
            { Opened, QStringLiteral("message[id=a>b/>c to=bob@localhost type=chat](body(\"x\"))"),
              PresenceEvent });
        row("'>' and the other quote inside a double-quoted value",
            Header + "<message id=\"it's>\"><body>x</body></message>",
            { Opened, QStringLiteral("message[id=it's>](body(\"x\"))") });
        row("two-byte UTF-8", Header + stanzaWithBody("gr\xc3\xbc\xc3\x9f"),
            { Opened, bodyEvent(QString::fromUtf8("gr\xc3\xbc\xc3\x9f")) });
        row("four-byte UTF-8", Header + stanzaWithBody("\xf0\x9f\x98\x80"),
            { Opened, bodyEvent(QString::fromUtf8("\xf0\x9f\x98\x80")) });
        row("CDATA section", Header + stanzaWithBody("<![CDATA[a <b> & c]]>"),
            { Opened, bodyEvent(QStringLiteral("a <b> & c")) });
        row("predefined entities and character references",
            Header
                + "<message "
                  "id='&lt;&amp;&quot;&apos;&#65;&#x42;'><body>&lt;&gt;&amp;&quot;&apos;&#233;&#x1F600;"
                  "</body></message>",
            { Opened,
              QStringLiteral("message[id=<&\"'AB](body(\"<>&\"'%1\"))")
                  .arg(QString::fromUtf8("\xc3\xa9\xf0\x9f\x98\x80")) });
        // Prefixes are dropped: elements are known by namespace and local name.
        row("namespaces, prefixes, xml:lang and nested children",
            Header
                + "<iq type='result' id='r' xml:lang='de'><query xmlns='jabber:iq:roster'>"
                  "<item jid='a@localhost' name='A'><group>G1</group><group>G2</group></item></query>"
                  "<x:foo xmlns:x='urn:x' x:attr='1' plain='2'><x:bar/><baz/></x:foo></iq>",
            { Opened,
              QStringLiteral(
                  "iq[id=r type=result {http://www.w3.org/XML/1998/namespace}lang=de]"
                  "(query{jabber:iq:roster}(item[jid=a@localhost name=A](group(\"G1\") group(\"G2\")))"
                  " foo{urn:x}[plain=2 {urn:x}attr=1](bar baz{jabber:client}))") });
        row("mixed content", Header + "<message><body>a<b>x</b>c</body></message>",
            { Opened, QStringLiteral("message(body(\"a\" b(\"x\") \"c\"))") });
        row("start and end tag like an empty element", Header + "<presence></presence>",
            { Opened, PresenceEvent });
        row("elements nested 32 deep", Header + nested(32), { Opened, nestedEvent(32) });
        row("SASL auth then nothing", Header + Auth, { Opened, AuthEvent });

        // not-well-formed
        row("garbage before the stream header", "hello", { fail("not-well-formed") });
        row("HTTP request", "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", { fail("not-well-formed") });
        row("mismatched end tag", Header + Message + "<message><body>x</bodyx></message>",
            { Opened, MessageEvent, fail("not-well-formed") });
        row("end tag without a start tag", Header + "</message>", { Opened, fail("not-well-formed") });
        row("'<' inside a tag", Header + "<message <body>", { Opened, fail("not-well-formed") });
        row("second XML declaration between stanzas", Header + Message + Declaration + Iq,
            { Opened, MessageEvent, fail("not-well-formed") });
        row("XML declaration inside a stanza", Header + "<message><?xml version='1.0'?></message>",
            { Opened, fail("not-well-formed") });
        row("unquoted attribute value", Header + "<message to=bob@localhost><body>x</body></message>",
            { Opened, fail("not-well-formed") });
        row("duplicate attribute", Header + "<message to='a@localhost' to='b@localhost'/>",
            { Opened, fail("not-well-formed") });
        row("attribute without value", Header + "<message disabled/>", { Opened, fail("not-well-formed") });
        // Qt's parser misses "]]>" cut across chunks: the reader finds it on the raw bytes.
        row("']]>' in text", Header + Message + stanzaWithBody("a]]>b"),
            { Opened, MessageEvent, fail("not-well-formed") }, true);
        row("']]>' in an attribute value is allowed", Header + "<message id=']]>'/>",
            { Opened, QStringLiteral("message[id=]]>]") });
        row("element name starting with a digit", Header + "<message><1body>x</1body></message>",
            { Opened, fail("not-well-formed") });
        row("undeclared prefix", Header + "<x:message/>", { Opened, fail("not-well-formed") });
        row("invalid UTF-8 byte", Header + Message + stanzaWithBody("\xff"),
            { Opened, MessageEvent, fail("not-well-formed") }, true);
        row("truncated UTF-8 sequence", Header + stanzaWithBody("\xc3("), { Opened, fail("not-well-formed") },
            true);
        row("overlong two-byte UTF-8", Header + stanzaWithBody("\xc0\xaf"),
            { Opened, fail("not-well-formed") }, true);
        row("overlong three-byte UTF-8", Header + stanzaWithBody("\xe0\x80\xaf"),
            { Opened, fail("not-well-formed") }, true);
        row("UTF-8 encoded surrogate", Header + stanzaWithBody("\xed\xa0\x80"),
            { Opened, fail("not-well-formed") }, true);
        row("lone continuation byte in an attribute", Header + "<presence id='\x80'/>",
            { Opened, fail("not-well-formed") }, true);
        row("invalid UTF-8 in the stream header", QByteArray(StreamTag).replace("localhost", "local\xfe"),
            { fail("not-well-formed") }, true);
        row("control character in text", Header + stanzaWithBody("a\x01z"),
            { Opened, fail("not-well-formed") });
        row("NUL in text", Header + stanzaWithBody(QByteArray("a\0z", 3)),
            { Opened, fail("not-well-formed") }, true);
        row("control character in an attribute value", Header + "<message id='a\x01z'/>",
            { Opened, fail("not-well-formed") });
        row("character reference to a control character", Header + stanzaWithBody("&#1;"),
            { Opened, fail("not-well-formed") });
        row("noncharacter U+FFFE", Header + stanzaWithBody("\xef\xbf\xbe"),
            { Opened, fail("not-well-formed") });

        {
            // More invalid UTF-8, each byte sequence whole and cut at every byte.
            const QByteArray emoji("\xf0\x9f\x98\x80");
            row("four-byte sequence cut short", Header + stanzaWithBody(emoji.left(3) + "x"),
                { Opened, fail("not-well-formed") }, true);
            row("above U+10FFFF", Header + stanzaWithBody("\xf4\x90\x80\x80"),
                { Opened, fail("not-well-formed") }, true);
            row("lead byte 0xF5", Header + stanzaWithBody("\xf5\x80\x80\x80"),
                { Opened, fail("not-well-formed") }, true);
            row("overlong four-byte UTF-8", Header + stanzaWithBody("\xf0\x8f\xbf\xbf"),
                { Opened, fail("not-well-formed") }, true);
            row("U+D7FF and U+10FFFF, the last before the surrogates and the last of all",
                Header + stanzaWithBody("\xed\x9f\xbf") + stanzaWithBody("\xf4\x8f\xbf\xbf"),
                { Opened, bodyEvent(QString::fromUtf8("\xed\x9f\xbf")),
                  bodyEvent(QString::fromUtf8("\xf4\x8f\xbf\xbf")) });
        }

        // invalid-namespace
        row("wrong stream namespace", streamTagWith("jabber:client", "http://example.com/streams"),
            { fail("invalid-namespace") });
        row("content namespace jabber:server",
            Declaration + streamTagWith("jabber:server", "http://etherx.jabber.org/streams"),
            { fail("invalid-namespace") });
        row("no content namespace",
            "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>",
            { fail("invalid-namespace") });
        row("non-stream root element", "<message xmlns='jabber:client'><body>x</body></message>",
            { fail("invalid-namespace") });
        row("root named stream in the content namespace",
            "<stream xmlns='jabber:client' to='localhost' version='1.0'>", { fail("invalid-namespace") });

        // restricted-xml
        row("comment between stanzas", Header + Message + "<!-- hi -->",
            { Opened, MessageEvent, fail("restricted-xml") });
        row("comment inside a stanza", Header + "<message><!-- hi --></message>",
            { Opened, fail("restricted-xml") });
        row("comment before the stream header", "<!-- hi -->" + StreamTag, { fail("restricted-xml") });
        row("DOCTYPE before the stream header", "<!DOCTYPE stream:stream [<!ENTITY x 'y'>]>" + StreamTag,
            { fail("restricted-xml") });
        row("processing instruction before the stream header", "<?foo bar?>" + StreamTag,
            { fail("restricted-xml") });
        row("processing instruction between stanzas", Header + Message + "<?foo bar?>",
            { Opened, MessageEvent, fail("restricted-xml") });
        row("processing instruction inside a stanza", Header + "<message><?php echo 1; ?></message>",
            { Opened, fail("restricted-xml") });
        row("undefined entity in text", Header + stanzaWithBody("&xxe;"), { Opened, fail("restricted-xml") });
        row("undefined entity in an attribute value", Header + Message + "<message id='&foo;'/>",
            { Opened, MessageEvent, fail("restricted-xml") });
        row("undefined entity in the stream header", QByteArray(StreamTag).replace("localhost", "&host;"),
            { fail("restricted-xml") });

        // unsupported-encoding
        row("ISO-8859-1 declared", "<?xml version='1.0' encoding='ISO-8859-1'?>" + StreamTag,
            { fail("unsupported-encoding") });
        row("UTF-16 declared", "<?xml version='1.0' encoding='UTF-16'?>" + StreamTag,
            { fail("unsupported-encoding") });

        // bad-format: only white space may come between stanzas, even without a '<' after it.
        row("text right after the stream header", Header + "hello", { Opened, fail("bad-format") });
        row("text between stanzas", Header + Message + "junk" + Iq,
            { Opened, MessageEvent, fail("bad-format") });
        row("text after white space, nothing after it", Header + Message + "  \n x",
            { Opened, MessageEvent, fail("bad-format") });
        row("non-breaking space between stanzas", Header + Message + "\xc2\xa0" + Iq,
            { Opened, MessageEvent, fail("bad-format") });

        // policy-violation (default limits: 100 attributes, depth 32)
        row("elements nested 33 deep", Header + Message + nested(33),
            { Opened, MessageEvent, fail("policy-violation") });
        row("101 attributes", Header + Message + withAttributes("message", 101),
            { Opened, MessageEvent, fail("policy-violation") }, true);
        row("101 namespace declarations", Header + Message + withAttributes("message", 101, "xmlns:p"),
            { Opened, MessageEvent, fail("policy-violation") }, true);
        row("100 attributes", Header + withAttributes("message", 100),
            { Opened, QStringLiteral("message[%1]").arg([] {
                 QStringList attributes;
                 for (int i = 0; i < 100; ++i)
                     attributes << QStringLiteral("a%1=v").arg(i);
                 std::sort(attributes.begin(), attributes.end());
                 return attributes.join(QLatin1Char(' '));
             }()) });
    }
    void events()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        QFETCH(bool, earlyFault);

        // Byte by byte, every event comes out before the fault.
        const QStringList bytes = run(bytewise(input)).events;
        QVERIFY2(bytes == expected, qPrintable(mismatch("byte by byte", bytes, expected)));
        // In bigger chunks a fault found on the raw bytes may come before the elements
        // that precede it in the same chunk: those are then never released.
        const auto matches = [&](const QStringList &got) {
            if (!earlyFault)
                return got == expected;
            return !got.isEmpty() && got.last() == expected.last()
                && expected.mid(0, got.size() - 1) == got.mid(0, got.size() - 1);
        };
        const QStringList whole = run({ input }).events;
        QVERIFY2(matches(whole), qPrintable(mismatch("whole", whole, expected)));
        if (input.size() > 400)
            return;
        for (int cut = 1; cut < input.size(); ++cut) {
            const QStringList split = run({ input.left(cut), input.mid(cut) }).events;
            QVERIFY2(
                matches(split),
                qPrintable(mismatch(QStringLiteral("cut at %1 (\"%2\" | \"%3\")")
                                        .arg(cut)
                                        .arg(show(input.left(cut).right(20)), show(input.mid(cut).left(20))),
                                    split, expected)));
        }
    }

    // The header's attributes are there after StreamOpened, values unescaped.
    void streamAttributes()
    {
        StanzaReader reader;
        reader.feed("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    "xmlns:stream='http://etherx.jabber.org/streams' to='local&gt;host' version='1.0' "
                    "xml:lang='e>n' from='alice@localhost'>");
        QVERIFY(!reader.isStreamOpen());
        QCOMPARE(reader.next(), StanzaReader::Event::StreamOpened);
        QVERIFY(reader.isStreamOpen());
        QCOMPARE(reader.streamAttribute(QStringLiteral("to")), QStringLiteral("local>host"));
        QCOMPARE(reader.streamAttribute(QStringLiteral("version")), QStringLiteral("1.0"));
        QCOMPARE(reader.streamAttribute(QStringLiteral("xml:lang")), QStringLiteral("e>n"));
        QCOMPARE(reader.streamAttribute(QStringLiteral("from")), QStringLiteral("alice@localhost"));
        QCOMPARE(reader.streamAttribute(QStringLiteral("id")), QString());
        QCOMPARE(reader.next(), StanzaReader::Event::NeedMore);
        reader.feed("</stream:stream>");
        QCOMPARE(reader.next(), StanzaReader::Event::StreamClosed);
        QVERIFY(!reader.isStreamOpen());
        QCOMPARE(reader.next(), StanzaReader::Event::NeedMore);
    }

    // The element itself, not only its description: what the extensions read.
    void elementDom()
    {
        StanzaReader reader;
        reader.feed(Header
                    + "<message to='bob@localhost' type='chat' xml:lang='en'><body>a &amp; b</body>"
                      "<x xmlns='jabber:x:oob'><url>http://x/?a=1&amp;b=2</url></x></message>");
        QCOMPARE(reader.next(), StanzaReader::Event::StreamOpened);
        QCOMPARE(reader.next(), StanzaReader::Event::Element);
        const QDomElement message = reader.element();
        QCOMPARE(message.tagName(), QStringLiteral("message"));
        QCOMPARE(message.namespaceURI(), QStringLiteral("jabber:client"));
        QCOMPARE(message.attribute(QStringLiteral("to")), QStringLiteral("bob@localhost"));
        QCOMPARE(message.attribute(QStringLiteral("type")), QStringLiteral("chat"));
        QCOMPARE(message.attributeNS(QStringLiteral("http://www.w3.org/XML/1998/namespace"),
                                     QStringLiteral("lang")),
                 QStringLiteral("en"));
        QVERIFY(message.parentNode().isDocument());
        const QDomElement body = message.firstChildElement(QStringLiteral("body"));
        QCOMPARE(body.namespaceURI(), QStringLiteral("jabber:client"));
        QCOMPARE(body.text(), QStringLiteral("a & b"));
        const QDomElement x = body.nextSiblingElement();
        QCOMPARE(x.tagName(), QStringLiteral("x"));
        QCOMPARE(x.namespaceURI(), QStringLiteral("jabber:x:oob"));
        QCOMPARE(x.firstChildElement().namespaceURI(), QStringLiteral("jabber:x:oob"));
        QCOMPARE(x.firstChildElement().text(), QStringLiteral("http://x/?a=1&b=2"));
        QCOMPARE(reader.next(), StanzaReader::Event::NeedMore);
        // The element outlives the reader's next one.
        reader.feed(Iq);
        QCOMPARE(reader.next(), StanzaReader::Event::Element);
        QCOMPARE(body.text(), QStringLiteral("a & b"));
        QCOMPARE(reader.element().tagName(), QStringLiteral("iq"));
    }

    // A fault is final: nothing more comes out, whatever is fed.
    void faultIsFinal()
    {
        StanzaReader reader;
        reader.feed(Header + Message + "<!-- x -->");
        QStringList events;
        QVERIFY(drain(reader, &events));
        QCOMPARE(events, (QStringList { Opened, MessageEvent, fail("restricted-xml") }));
        reader.feed(Message + Iq);
        QCOMPARE(reader.next(), StanzaReader::Event::Failed);
        reader.feed(Header);
        QCOMPARE(reader.next(), StanzaReader::Event::Failed);
        QCOMPARE(reader.faultCondition(), QStringLiteral("restricted-xml"));
    }

    // Qt 5's QXmlStreamReader stops without an error at an invalid UTF-8 sequence that is
    // not in its first chunk, and buffers whatever follows (the size limit never trips):
    // the reader checks UTF-8 on the bytes itself.
    void invalidUtf8InALaterChunk()
    {
        StanzaReader reader;
        reader.setLimits(1000, 100, 32);
        const Run result = run(reader, { Header, Message, "<message><body>\xfe", QByteArray(5000, 'a') });
        QCOMPARE(result.events, (QStringList { Opened, MessageEvent, fail("not-well-formed") }));
        QCOMPARE(result.faultChunk, 2);
        QCOMPARE(reader.faultText(), QStringLiteral("invalid UTF-8"));
    }

    // Element size (characters, from the element's '<' or the white space before it),
    // with a limit of 200, and faults that come while the element is still arriving.
    void elementSize_data()
    {
        QTest::addColumn<QByteArrayList>("chunks");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("faultChunk"); // -1: none
        const int limit = 200;
        const QByteArray empty = stanzaWithBody({});
        const auto sized = [&empty](int total, char fill = 'a') {
            return stanzaWithBody(QByteArray(total - empty.size(), fill));
        };
        const auto event
            = [&empty](int total) { return bodyEvent(QString(total - empty.size(), QLatin1Char('a'))); };

        QTest::newRow("element of exactly the limit")
            << QByteArrayList { Header + sized(limit) } << QStringList { Opened, event(limit) } << -1;
        QTest::newRow("element one over the limit") << QByteArrayList { Header + sized(limit + 1) }
                                                    << QStringList { Opened, fail("policy-violation") } << 0;
        QTest::newRow("element one over the limit, byte by byte")
            << QByteArrayList { Header } + bytewise(sized(limit + 1))
            << QStringList { Opened, fail("policy-violation") } << limit + 1;
        {
            // 150 two-byte characters: 350 bytes, but 200 characters.
            const QByteArray wide
                = stanzaWithBody(QByteArray(limit - empty.size(), 'x').replace("x", "\xc3\xbc"));
            QTest::newRow("the limit counts characters, not bytes")
                << QByteArrayList { Header + wide }
                << QStringList { Opened, bodyEvent(QString(limit - empty.size(), QChar(0xfc))) } << -1;
        }
        QTest::newRow("many elements, each under the limit")
            << QByteArrayList { Header + sized(limit) + sized(limit) + sized(limit) }
            << QStringList { Opened, event(limit), event(limit), event(limit) } << -1;
        {
            // An element that never ends, in 50-character chunks: the fault comes with the
            // chunk that takes it past the limit.
            QByteArrayList chunks { Header, "<message><body>" };
            int size = 15;
            int crossing = -1;
            for (int i = 0; i < 40; ++i) {
                chunks << QByteArray(50, 'a');
                size += 50;
                if (crossing < 0 && size > limit)
                    crossing = chunks.size() - 1;
            }
            QTest::newRow("unfinished element in 50-character chunks")
                << chunks << QStringList { Opened, fail("policy-violation") } << crossing;
        }
        {
            QByteArrayList chunks { Header, "<message to='" };
            for (int i = 0; i < 40; ++i)
                chunks << QByteArray(50, 'a');
            QTest::newRow("unfinished attribute value in 50-character chunks")
                << chunks << QStringList { Opened, fail("policy-violation") } << 5;
        }
        {
            QByteArrayList chunks { Header, "<message" };
            for (int i = 0; i < 40; ++i)
                chunks << QByteArray(50, ' ');
            QTest::newRow("unfinished start tag of white space in 50-character chunks")
                << chunks << QStringList { Opened, fail("policy-violation") } << 5;
        }
        {
            QByteArrayList chunks { Header, "<message><body><![CDATA[" };
            for (int i = 0; i < 40; ++i)
                chunks << QByteArray(50, 'a');
            QTest::newRow("unfinished CDATA section in 50-character chunks")
                << chunks << QStringList { Opened, fail("policy-violation") } << 5;
        }
        {
            QByteArrayList chunks { "<stream:stream xmlns='" };
            for (int i = 0; i < 40; ++i)
                chunks << QByteArray(50, 'a');
            QTest::newRow("unfinished stream header in 50-character chunks")
                << chunks << QStringList { fail("policy-violation") } << 4;
        }
        {
            QByteArrayList chunks { Header };
            for (int i = 0; i < 40; ++i)
                chunks << QByteArray(50, ' ');
            QTest::newRow("white space flood between stanzas")
                << chunks << QStringList { Opened, fail("policy-violation") } << 5;
        }
        {
            // Keep-alives of 150 characters each, with elements between: each gap is on its own.
            QByteArrayList chunks { Header };
            QStringList expected { Opened };
            for (int i = 0; i < 5; ++i) {
                chunks << QByteArray(150, ' ') << sized(limit);
                expected << event(limit);
            }
            QTest::newRow("keep-alives and elements, each under the limit") << chunks << expected << -1;
        }
    }
    void elementSize()
    {
        QFETCH(QByteArrayList, chunks);
        QFETCH(QStringList, expected);
        QFETCH(int, faultChunk);
        StanzaReader reader;
        reader.setLimits(200, 100, 32);
        const Run result = run(reader, chunks);
        QVERIFY2(result.events == expected, qPrintable(mismatch("events", result.events, expected)));
        QCOMPARE(result.faultChunk, faultChunk);
    }

    // Attributes per element (namespace declarations included), with a limit of 5,
    // counted on the raw bytes however they are cut.
    void attributeLimit_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("condition"); // empty: accepted
        const QString ok;
        const QString policy = QStringLiteral("policy-violation");
        QTest::newRow("5 attributes") << Header + withAttributes("message", 5) << ok;
        QTest::newRow("6 attributes") << Header + withAttributes("message", 6) << policy;
        QTest::newRow("5 namespace declarations") << Header + withAttributes("message", 5, "xmlns:p") << ok;
        QTest::newRow("6 namespace declarations")
            << Header + withAttributes("message", 6, "xmlns:p") << policy;
        QTest::newRow("3 attributes and 3 namespace declarations")
            << Header + "<message a='1' b='2' xmlns:p='3' c='4' xmlns:q='5' xmlns='jabber:client'/>"
            << policy;
        QTest::newRow("5 attributes on each of three nested elements") << Header
                + "<message a='' b='' c='' d='' e=''><x a='' b='' c='' d='' e=''><y a='' b='' c='' d='' "
                  "e=''/>"
                  "</x></message>" << ok;
        QTest::newRow("6 attributes on a child element")
            << Header + "<message a=''><x a='' b='' c='' d='' e='' f=''/></message>" << policy;
        QTest::newRow("'=' inside values and text does not count")
            << Header + "<message a='=' b=\"x=y=z\" c='==' d='' e=''><body>a=b=c=d=e=f=g</body></message>"
            << ok;
        QTest::newRow("white space around '='")
            << Header + "<message a = '1' b\t=\n'2' c='' d='' e='' f =''/>" << policy;
        QTest::newRow("stream header with 5 attributes")
            << QByteArray(StreamTag).replace("version='1.0'", "version='1.0' xml:lang='en'") << ok;
        QTest::newRow("stream header with 6 attributes")
            << QByteArray(StreamTag).replace("version='1.0'", "version='1.0' xml:lang='en' id='x'") << policy;
    }
    void attributeLimit()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, condition);
        for (const QByteArrayList &chunks : { QByteArrayList { input }, bytewise(input) }) {
            StanzaReader reader;
            reader.setLimits(4096, 5, 32);
            const Run result = run(reader, chunks);
            const QString last = result.events.value(result.events.size() - 1);
            if (condition.isEmpty()) {
                QVERIFY2(result.faultChunk < 0 && !result.events.isEmpty(),
                         qPrintable(result.events.join(QStringLiteral(" | "))));
            } else {
                QCOMPARE(last, QStringLiteral("fail ") + condition);
                // Byte by byte, the fault comes with the '=' of one attribute too many.
                if (chunks.size() > 1)
                    QCOMPARE(chunks.at(result.faultChunk), QByteArrayLiteral("="));
            }
        }
    }

    // Depth inside a stanza, with a limit of 4 (the stanza element is depth 1).
    void depthLimit_data()
    {
        QTest::addColumn<QByteArrayList>("chunks");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("4 deep") << QByteArrayList { Header + nested(4) }
                                << QStringList { Opened, nestedEvent(4) };
        QTest::newRow("5 deep") << QByteArrayList { Header + nested(5) }
                                << QStringList { Opened, fail("policy-violation") };
        QTest::newRow("4 deep, twice, siblings")
            << QByteArrayList { Header + "<a><b><c><d/></c><c><d/></c></b></a>" }
            << QStringList { Opened, QStringLiteral("a(b(c(d) c(d)))") };
        QTest::newRow("5 deep, never closed, byte by byte") << QByteArrayList { Header }
                + bytewise("<a><b><c><d><e>") << QStringList { Opened, fail("policy-violation") };
        QByteArray deep;
        for (int i = 0; i < 10000; ++i)
            deep += "<a>";
        QTest::newRow("10000 deep, never closed")
            << QByteArrayList { Header, deep } << QStringList { Opened, fail("policy-violation") };
    }
    void depthLimit()
    {
        QFETCH(QByteArrayList, chunks);
        QFETCH(QStringList, expected);
        StanzaReader reader;
        reader.setLimits(256 * 1024, 100, 4);
        const Run result = run(reader, chunks);
        QVERIFY2(result.events == expected, qPrintable(mismatch("events", result.events, expected)));
    }

    // A default reader has the limits of StreamDefaults.
    void defaultLimits()
    {
        const QByteArray attributes = withAttributes("message", StreamDefaults::MaxAttributesPerElement);
        QCOMPARE(run({ Header + attributes }).events.size(), 2);
        QCOMPARE(
            LAST_OF(run({ Header + withAttributes("message", StreamDefaults::MaxAttributesPerElement + 1) })
                        .events),
            fail("policy-violation"));
        QCOMPARE(run({ Header + nested(StreamDefaults::MaxDepth) }).events.size(), 2);
        QCOMPARE(LAST_OF(run({ Header + nested(StreamDefaults::MaxDepth + 1) }).events),
                 fail("policy-violation"));
        const QByteArray empty = stanzaWithBody({});
        const QByteArray atLimit
            = stanzaWithBody(QByteArray(StreamDefaults::MaxStanzaSize - empty.size(), 'a'));
        QCOMPARE(run({ Header + atLimit }).events.size(), 2);
        QCOMPARE(LAST_OF(run({ Header + atLimit + "x" }).events), fail("bad-format"));
        const QByteArray over
            = stanzaWithBody(QByteArray(StreamDefaults::MaxStanzaSize + 1 - empty.size(), 'a'));
        QCOMPARE(LAST_OF(run({ Header + over }).events), fail("policy-violation"));
    }

    // After SASL success (or STARTTLS) the client starts a new stream: what was fed
    // after the element that ended the old one is discarded.
    void restart_data()
    {
        QTest::addColumn<QByteArray>("first"); // everything the client sent on the first stream
        QTest::addColumn<QByteArrayList>("second"); // chunks of the new stream
        QTest::addColumn<QStringList>("expected"); // events of the new stream
        QTest::newRow("new stream with declaration")
            << Header + Auth << QByteArrayList { Header + Bind } << QStringList { Opened, BindEvent };
        QTest::newRow("new stream without declaration, split")
            << Header + Auth << QByteArrayList { StreamTag.left(30), StreamTag.mid(30) + Bind }
            << QStringList { Opened, BindEvent };
        QTest::newRow("garbage after the auth is discarded")
            << Header + Auth + "junk <<< &undefined; <!-- -->" << QByteArrayList { Header + Bind }
            << QStringList { Opened, BindEvent };
        QTest::newRow("a partial element after the auth is discarded")
            << Header + Auth + "<message><body>partial" << QByteArrayList { Header, Bind }
            << QStringList { Opened, BindEvent };
        QTest::newRow("a pipelined header after the auth is discarded")
            << Header + Auth + Header << QByteArrayList { Bind } << QStringList { fail("invalid-namespace") };
        QTest::newRow("new stream byte by byte")
            << Header + Auth << bytewise(Header + Bind) << QStringList { Opened, BindEvent };
        QTest::newRow("new stream with a wrong namespace")
            << Header + Auth << QByteArrayList { streamTagWith("jabber:client", "urn:example") }
            << QStringList { fail("invalid-namespace") };
        QTest::newRow("new stream closed")
            << Header + Auth << QByteArrayList { StreamTag + "</stream:stream>" }
            << QStringList { Opened, Closed };
    }
    void restart()
    {
        QFETCH(QByteArray, first);
        QFETCH(QByteArrayList, second);
        QFETCH(QStringList, expected);
        StanzaReader reader;
        reader.feed(first);
        QCOMPARE(reader.next(), StanzaReader::Event::StreamOpened);
        QCOMPARE(reader.next(), StanzaReader::Event::Element);
        QCOMPARE(describe(reader.element()), AuthEvent);
        reader.restart();
        QVERIFY(!reader.isStreamOpen());
        QCOMPARE(reader.streamAttribute(QStringLiteral("to")), QString());
        const Run result = run(reader, second);
        QVERIFY2(result.events == expected, qPrintable(mismatch("new stream", result.events, expected)));
    }

    // The limit set between streams applies to the new stream.
    void restartWithLargerLimit()
    {
        StanzaReader reader;
        reader.setLimits(300, 100, 32);
        const QByteArray empty = stanzaWithBody({});
        const QByteArray big = stanzaWithBody(QByteArray(1000 - empty.size(), 'a'));
        const QByteArray tooBig = stanzaWithBody(QByteArray(1001 - empty.size(), 'a'));
        reader.feed(Header + Auth);
        QCOMPARE(reader.next(), StanzaReader::Event::StreamOpened);
        QCOMPARE(reader.next(), StanzaReader::Event::Element);
        reader.restart();
        reader.setMaxElementSize(1000);
        QStringList events;
        reader.feed(Header + big + big);
        QVERIFY(!drain(reader, &events));
        const QString bigEvent = bodyEvent(QString(1000 - empty.size(), QLatin1Char('a')));
        QCOMPARE(events, (QStringList { Opened, bigEvent, bigEvent }));
        reader.feed(tooBig);
        QVERIFY(drain(reader, &events));
        QCOMPARE(events.last(), fail("policy-violation"));
    }

    // The "quadratic attributes" attack: QXmlStreamReader checks each attribute against
    // all before it. 20 stanzas of 7,000 attributes are refused at the first, on the raw
    // bytes; the parser never sees them. The time is printed, not asserted.
    void quadraticAttributes_data()
    {
        QTest::addColumn<bool>("oneChunk");
        QTest::newRow("all in one chunk") << true;
        QTest::newRow("one chunk per stanza") << false;
    }
    void quadraticAttributes()
    {
        QFETCH(bool, oneChunk);
        QByteArrayList stanzas;
        for (int i = 0; i < 20; ++i)
            stanzas << withAttributes("message", 7000);
        StanzaReader reader;
        reader.feed(Header);
        QCOMPARE(reader.next(), StanzaReader::Event::StreamOpened);
        QElapsedTimer timer;
        timer.start();
        const Run result = run(reader, oneChunk ? QByteArrayList { stanzas.join() } : stanzas);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(result.events, QStringList { fail("policy-violation") });
        QCOMPARE(result.faultChunk, 0);
        qInfo("20 x 7000 attributes (%lld bytes) refused in %lld ms", qint64(stanzas.join().size()), elapsed);
    }
};

QTEST_GUILESS_MAIN(tst_StanzaReader)
#include "tst_stanzareader.moc"
