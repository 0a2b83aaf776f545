// StreamGuard, the byte-level scanner in front of QXmpp: what it releases chunk by
// chunk and which RFC 6120 stream error it names for bad input. No network.
#include "StreamGuard.h"

#include <QHash>
#include <QTest>

namespace {
const QByteArray Declaration = QByteArrayLiteral("<?xml version='1.0'?>");
const QByteArray StreamTag = QByteArrayLiteral("<stream:stream xmlns='jabber:client' "
                                               "xmlns:stream='http://etherx.jabber.org/streams' "
                                               "to='localhost' version='1.0'>");
const QByteArray Header = Declaration + StreamTag;
const QByteArray Message
    = QByteArrayLiteral("<message to='bob@localhost' type='chat' id='m1'><body>hello</body>"
                        "</message>");
const QByteArray Iq
    = QByteArrayLiteral("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
const QByteArray Presence = QByteArrayLiteral("<presence/>");

QByteArray stanzaWithBody(const QByteArray &body)
{
    return QByteArrayLiteral("<message to='bob@localhost'><body>") + body
        + QByteArrayLiteral("</body></message>");
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

QByteArrayList bytewise(const QByteArray &data)
{
    QByteArrayList chunks;
    for (char c : data)
        chunks << QByteArray(1, c);
    return chunks;
}

QByteArrayList nothingThen(int count, const QByteArray &last)
{
    QByteArrayList released;
    for (int i = 0; i < count - 1; ++i)
        released << QByteArray();
    released << last;
    return released;
}

QByteArrayList splitEvery(const QByteArray &data, int size)
{
    QByteArrayList chunks;
    for (int i = 0; i < data.size(); i += size)
        chunks << data.mid(i, size);
    return chunks;
}

// Printable and short, for failure messages.
QString show(const QByteArray &bytes)
{
    QString text;
    for (char c : bytes.left(160)) {
        const auto u = static_cast<unsigned char>(c);
        text += (u >= 0x20 && u < 0x7f) ? QString(QLatin1Char(c))
                                        : QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > 160)
        text += QStringLiteral("...(%1 bytes)").arg(bytes.size());
    return text;
}
} // namespace

class tst_StreamGuard : public QObject
{
    Q_OBJECT

private:
    // Feeds chunks one by one: chunk i must release exactly released[i]; no fault
    // before the last chunk, after it the fault named by condition (empty: none).
    // Returns the first deviation, or an empty string.
    static QString run(StreamGuard &guard, const QByteArrayList &chunks, const QByteArrayList &released,
                       const QString &condition)
    {
        if (released.size() != chunks.size())
            return QStringLiteral("bad row: %1 chunks, %2 releases").arg(chunks.size()).arg(released.size());
        for (int i = 0; i < chunks.size(); ++i) {
            const QByteArray out = guard.feed(chunks.at(i));
            if (out != released.at(i))
                return QStringLiteral("chunk %1 released \"%2\", expected \"%3\"")
                    .arg(i)
                    .arg(show(out), show(released.at(i)));
            const bool faulted = guard.fault() != StreamGuard::Fault::None;
            const bool faultExpected = !condition.isEmpty() && i == chunks.size() - 1;
            if (faulted != faultExpected)
                return QStringLiteral("after chunk %1 of %2: fault '%3' (%4), expected '%5'")
                    .arg(i)
                    .arg(chunks.size())
                    .arg(guard.faultCondition(), guard.faultText(), faultExpected ? condition : QString());
        }
        if (guard.faultCondition() != condition)
            return QStringLiteral("fault '%1', expected '%2'").arg(guard.faultCondition(), condition);
        if (condition.isEmpty())
            return guard.faultText().isEmpty() ? QString() : QStringLiteral("fault text without a fault");
        if (guard.faultText().isEmpty())
            return QStringLiteral("fault without an explanation");
        // Once faulted, even valid input is swallowed and the fault stays.
        if (!guard.feed(QByteArrayLiteral(" ") + Presence + Message).isEmpty()
            || !guard.feed(Header).isEmpty())
            return QStringLiteral("released bytes after the fault");
        if (guard.faultCondition() != condition)
            return QStringLiteral("the fault changed after more input");
        return QString();
    }

private slots:
    void feed_data()
    {
        QTest::addColumn<QByteArrayList>("chunks");
        QTest::addColumn<QByteArrayList>("released");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("opened");

        const QString ok;
        const QString notWellFormed = QStringLiteral("not-well-formed");
        const QString invalidNamespace = QStringLiteral("invalid-namespace");
        const QString restrictedXml = QStringLiteral("restricted-xml");
        const QString policyViolation = QStringLiteral("policy-violation");

        // Valid input: released whole, as soon as complete.
        QTest::newRow("stream header")
            << QByteArrayList { Header } << QByteArrayList { Header } << ok << true;
        QTest::newRow("stream header without XML declaration")
            << QByteArrayList { StreamTag } << QByteArrayList { StreamTag } << ok << true;
        QTest::newRow("stream header split inside the XML declaration")
            << QByteArrayList { Header.left(10), Header.mid(10) } << QByteArrayList { {}, Header } << ok
            << true;
        QTest::newRow("stream header split inside the stream tag")
            << QByteArrayList { StreamTag.left(40), StreamTag.mid(40) } << QByteArrayList { {}, StreamTag }
            << ok << true;
        QTest::newRow("stream header split inside an attribute value")
            << QByteArrayList { StreamTag.left(StreamTag.indexOf("jabber:") + 3),
                                StreamTag.mid(StreamTag.indexOf("jabber:") + 3) }
            << QByteArrayList { {}, StreamTag } << ok << true;
        QTest::newRow("header and stanzas in one chunk")
            << QByteArrayList { Header + Message + Iq + Presence }
            << QByteArrayList { Header + Message + Iq + Presence } << ok << true;
        QTest::newRow("one stanza per chunk")
            << QByteArrayList { Header, Message, Iq, Presence }
            << QByteArrayList { Header, Message, Iq, Presence } << ok << true;
        QTest::newRow("stanza split inside its start tag")
            << QByteArrayList { Header + Message.left(12), Message.mid(12) }
            << QByteArrayList { Header, Message } << ok << true;
        QTest::newRow("stanza split inside its text")
            << QByteArrayList { Header + Message.left(Message.indexOf("llo")),
                                Message.mid(Message.indexOf("llo")) }
            << QByteArrayList { Header, Message } << ok << true;
        QTest::newRow("stanza split inside its end tag")
            << QByteArrayList { Header + Message.left(Message.size() - 4), Message.right(4) }
            << QByteArrayList { Header, Message } << ok << true;
        QTest::newRow("complete stanza followed by half of the next")
            << QByteArrayList { Header + Message + Iq.left(20), Iq.mid(20) }
            << QByteArrayList { Header + Message, Iq } << ok << true;
        {
            const QByteArray umlaut = stanzaWithBody("gr\xc3\xbc\xc3\x9f"); // grüß
            const int cut = umlaut.indexOf('\xc3') + 1;
            QTest::newRow("stanza split inside a two-byte UTF-8 character")
                << QByteArrayList { Header, umlaut.left(cut), umlaut.mid(cut) }
                << QByteArrayList { Header, {}, umlaut } << ok << true;
            const QByteArray emoji = stanzaWithBody("\xf0\x9f\x98\x80"); // U+1F600
            const int start = emoji.indexOf('\xf0');
            QTest::newRow("stanza split inside a four-byte UTF-8 character")
                << QByteArrayList { Header + emoji.left(start + 1), emoji.mid(start + 1, 1),
                                    emoji.mid(start + 2, 1), emoji.mid(start + 3) }
                << QByteArrayList { Header, {}, {}, emoji } << ok << true;
            QTest::newRow("stanza with UTF-8 byte by byte")
                << QByteArrayList { Header } + bytewise(umlaut)
                << QByteArrayList { Header } + nothingThen(umlaut.size(), umlaut) << ok << true;
        }
        {
            const QByteArray arrow = QByteArrayLiteral("<message to='bob@localhost' id='a>b' type='chat'>"
                                                       "<body>x</body></message>");
            const int cut = arrow.indexOf('>') + 1; // just after the '>' inside id='a>b'
            QTest::newRow("attribute value containing '>'")
                << QByteArrayList { Header + arrow } << QByteArrayList { Header + arrow } << ok << true;
            QTest::newRow("stanza split just after a '>' inside an attribute value")
                << QByteArrayList { Header + arrow.left(cut), arrow.mid(cut) }
                << QByteArrayList { Header, arrow } << ok << true;
            const QByteArray quoted = QByteArrayLiteral("<message id=\"it's>\"><body>x</body></message>");
            const int mid = quoted.indexOf('>') + 1;
            QTest::newRow("'>' and the other quote inside a double-quoted value, split")
                << QByteArrayList { Header + quoted.left(mid), quoted.mid(mid) }
                << QByteArrayList { Header, quoted } << ok << true;
        }
        QTest::newRow("stanza byte by byte")
            << QByteArrayList { Header } + bytewise(Iq)
            << QByteArrayList { Header } + nothingThen(Iq.size(), Iq) << ok << true;
        QTest::newRow("whitespace keep-alives")
            << QByteArrayList { Header, " ", "\n", "\r\n\t ", Message, " " }
            << QByteArrayList { Header, " ", "\n", "\r\n\t ", Message, " " } << ok << true;
        QTest::newRow("whitespace before the stream header")
            << QByteArrayList { "\n", StreamTag } << QByteArrayList { "\n", StreamTag } << ok << true;
        {
            const QByteArray auth = QByteArrayLiteral("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                                                      "mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>");
            const QByteArray bind = QByteArrayLiteral("<iq type='set' id='b1'><bind "
                                                      "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            QTest::newRow("stream restart after SASL")
                << QByteArrayList { Header, auth, Header, bind }
                << QByteArrayList { Header, auth, Header, bind } << ok << true;
            QTest::newRow("stream restart in the chunk of the auth")
                << QByteArrayList { Header, auth + Header + bind }
                << QByteArrayList { Header, auth + Header + bind } << ok << true;
            QTest::newRow("stream restart without XML declaration, split")
                << QByteArrayList { Header + auth + StreamTag.left(30), StreamTag.mid(30) + bind }
                << QByteArrayList { Header + auth, StreamTag + bind } << ok << true;
        }
        QTest::newRow("stream closed by the client")
            << QByteArrayList { Header + Message, "</stream:stream>" }
            << QByteArrayList { Header + Message, "</stream:stream>" } << ok << true;
        QTest::newRow("empty chunks") << QByteArrayList { {}, Header, {}, Message }
                                      << QByteArrayList { {}, Header, {}, Message } << ok << true;
        {
            const QByteArray cdata = stanzaWithBody("<![CDATA[a <b> & c]]>");
            const int cut = cdata.indexOf("CDA") + 2;
            QTest::newRow("CDATA section in a body")
                << QByteArrayList { Header + cdata } << QByteArrayList { Header + cdata } << ok << true;
            QTest::newRow("CDATA section split inside its opening")
                << QByteArrayList { Header + cdata.left(cut), cdata.mid(cut) }
                << QByteArrayList { Header, cdata } << ok << true;
        }
        {
            const QByteArray entities
                = QByteArrayLiteral("<message id='&lt;&amp;&quot;&apos;&#65;&#x42;'><body>"
                                    "&lt;&gt;&amp;&quot;&apos;&#233;&#x1F600;</body></message>");
            QTest::newRow("predefined entities and character references")
                << QByteArrayList { Header + entities } << QByteArrayList { Header + entities } << ok << true;
        }
        QTest::newRow("elements nested 32 deep")
            << QByteArrayList { Header + nested(32) } << QByteArrayList { Header + nested(32) } << ok << true;

        // Faults: the valid prefix is still released, then nothing.
        QTest::newRow("garbage before the stream header")
            << QByteArrayList { "hello" } << QByteArrayList { {} } << notWellFormed << false;
        QTest::newRow("garbage right after the stream header")
            << QByteArrayList { Header + "hello" } << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("garbage between stanzas")
            << QByteArrayList { Header + Message + "junk" + Iq } << QByteArrayList { Header + Message }
            << notWellFormed << true;
        QTest::newRow("garbage in a later chunk")
            << QByteArrayList { Header, Message, "junk" } << QByteArrayList { Header, Message, {} }
            << notWellFormed << true;
        QTest::newRow("mismatched end tag")
            << QByteArrayList { Header + Message + "<message><body>x</bodyx></message>" }
            << QByteArrayList { Header + Message } << notWellFormed << true;
        QTest::newRow("end tag without a start tag")
            << QByteArrayList { Header + "</message>" } << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("'<' inside a tag") << QByteArrayList { Header + "<message <body>" }
                                          << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("comment between stanzas")
            << QByteArrayList { Header + Message + "<!-- hi -->" } << QByteArrayList { Header + Message }
            << restrictedXml << true;
        QTest::newRow("comment inside a stanza")
            << QByteArrayList { Header + "<message><!-- hi --></message>" } << QByteArrayList { Header }
            << restrictedXml << true;
        QTest::newRow("DOCTYPE before the stream header")
            << QByteArrayList { "<!DOCTYPE stream:stream [<!ENTITY x 'y'>]>" + StreamTag }
            << QByteArrayList { {} } << restrictedXml << false;
        QTest::newRow("processing instruction inside a stanza")
            << QByteArrayList { Header + "<message><?php echo 1; ?></message>" } << QByteArrayList { Header }
            << restrictedXml << true;
        QTest::newRow("processing instruction between stanzas")
            << QByteArrayList { Header + Message + "<?foo bar?>" } << QByteArrayList { Header + Message }
            << restrictedXml << true;
        QTest::newRow("XML declaration inside a stanza")
            << QByteArrayList { Header + "<message><?xml version='1.0'?></message>" }
            << QByteArrayList { Header } << restrictedXml << true;
        QTest::newRow("undefined entity in text") << QByteArrayList { Header + stanzaWithBody("&foo;") }
                                                  << QByteArrayList { Header } << restrictedXml << true;
        QTest::newRow("undefined entity in an attribute value")
            << QByteArrayList { Header + "<message id='&foo;'/>" } << QByteArrayList { Header }
            << restrictedXml << true;
        QTest::newRow("unquoted attribute value")
            << QByteArrayList { Header + "<message to=bob@localhost><body>x</body></message>" }
            << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("duplicate attribute")
            << QByteArrayList { Header + "<message to='a@localhost' to='b@localhost'/>" }
            << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("attribute without value") << QByteArrayList { Header + "<message disabled/>" }
                                                 << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("wrong stream namespace")
            << QByteArrayList { streamTagWith("jabber:client", "http://example.com/streams") }
            << QByteArrayList { {} } << invalidNamespace << false;
        QTest::newRow("content namespace jabber:server")
            << QByteArrayList { Declaration
                                + streamTagWith("jabber:server", "http://etherx.jabber.org/streams") }
            << QByteArrayList { Declaration } << invalidNamespace << false;
        QTest::newRow("no content namespace")
            << QByteArrayList { "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                                "version='1.0'>" }
            << QByteArrayList { {} } << invalidNamespace << false;
        QTest::newRow("restart with a wrong stream namespace")
            << QByteArrayList { Header + Message, streamTagWith("jabber:client", "urn:example") }
            << QByteArrayList { Header + Message, {} } << invalidNamespace << true;
        QTest::newRow("non-stream root element")
            << QByteArrayList { "<message xmlns='jabber:client'><body>x</body></message>" }
            << QByteArrayList { {} } << invalidNamespace << false;
        QTest::newRow("empty stream element")
            << QByteArrayList { streamTagWith("jabber:client", "http://etherx.jabber.org/streams")
                                    .replace(">", "/>") }
            << QByteArrayList { {} } << notWellFormed << false;
        QTest::newRow("invalid UTF-8 byte") << QByteArrayList { Header + Message + stanzaWithBody("\xff") }
                                            << QByteArrayList { Header + Message } << notWellFormed << true;
        QTest::newRow("truncated UTF-8 sequence") << QByteArrayList { Header + stanzaWithBody("\xc3(") }
                                                  << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("overlong two-byte UTF-8") << QByteArrayList { Header + stanzaWithBody("\xc0\xaf") }
                                                 << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("lone UTF-8 continuation byte in an attribute")
            << QByteArrayList { Header + "<presence id='\x80'/>" } << QByteArrayList { Header }
            << notWellFormed << true;
        QTest::newRow("invalid UTF-8 split across chunks")
            << QByteArrayList { Header + "<message><body>\xe2\x82", "(</body></message>" }
            << QByteArrayList { Header, {} } << notWellFormed << true;
        QTest::newRow("control character in text") << QByteArrayList { Header + stanzaWithBody("a\x01z") }
                                                   << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("NUL in text") << QByteArrayList { Header + stanzaWithBody(QByteArray("a\0z", 3)) }
                                     << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("elements nested 100 deep")
            << QByteArrayList { Header + Message + nested(100) } << QByteArrayList { Header + Message }
            << policyViolation << true;
        {
            QByteArray deep;
            for (int i = 0; i < 200; ++i)
                deep += "<a>";
            QTest::newRow("deep nesting that never closes")
                << QByteArrayList { Header, deep } << QByteArrayList { Header, {} } << policyViolation
                << true;
        }

        // Not well-formed in ways QXmpp's own parser would choke on, or XML 1.0 forbids.
        QTest::newRow("']]>' in text") << QByteArrayList { Header + stanzaWithBody("a]]>b") }
                                       << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("element name starting with a digit")
            << QByteArrayList { Header + "<message><1body>x</1body></message>" } << QByteArrayList { Header }
            << notWellFormed << true;
        QTest::newRow("noncharacter U+FFFE") << QByteArrayList { Header + stanzaWithBody("\xef\xbf\xbe") }
                                             << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("control character in an attribute value")
            << QByteArrayList { Header + "<message id='a\x01z'/>" } << QByteArrayList { Header }
            << notWellFormed << true;
        QTest::newRow("character reference to a control character")
            << QByteArrayList { Header + stanzaWithBody("&#1;") } << QByteArrayList { Header }
            << notWellFormed << true;
        QTest::newRow("UTF-8 encoded surrogate") << QByteArrayList { Header + stanzaWithBody("\xed\xa0\x80") }
                                                 << QByteArrayList { Header } << notWellFormed << true;
        QTest::newRow("overlong three-byte UTF-8")
            << QByteArrayList { Header + stanzaWithBody("\xe0\x80\xaf") } << QByteArrayList { Header }
            << notWellFormed << true;
    }
    void feed()
    {
        QFETCH(QByteArrayList, chunks);
        QFETCH(QByteArrayList, released);
        QFETCH(QString, condition);
        QFETCH(bool, opened);

        StreamGuard guard;
        const QString problem = run(guard, chunks, released, condition);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(guard.streamOpened(), opened);
    }

    // The stanza limit counts one stanza at a time, however it arrives.
    void stanzaLimit_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<QByteArrayList>("chunks");
        QTest::addColumn<QByteArrayList>("released");
        QTest::addColumn<QString>("condition");

        const QString ok;
        const QString policyViolation = QStringLiteral("policy-violation");
        const int defaultLimit = StreamGuard().maxStanzaBytes();
        const QByteArray empty = stanzaWithBody({});
        auto sized = [&empty](int total) { return stanzaWithBody(QByteArray(total - empty.size(), 'a')); };

        const QByteArray atLimit = sized(defaultLimit);
        QTest::newRow("stanza of exactly 64 KiB in one chunk")
            << defaultLimit << QByteArrayList { Header + atLimit } << QByteArrayList { Header + atLimit }
            << ok;
        QTest::newRow("stanza of exactly 64 KiB in 1 KiB chunks")
            << defaultLimit << QByteArrayList { Header } + splitEvery(atLimit, 1024)
            << QByteArrayList { Header } + nothingThen(splitEvery(atLimit, 1024).size(), atLimit) << ok;
        {
            QByteArray many;
            for (int i = 0; i < 100; ++i)
                many += stanzaWithBody(QByteArray(1000, 'a'));
            QTest::newRow("100 stanzas of 1 KB in one chunk")
                << defaultLimit << QByteArrayList { Header + many } << QByteArrayList { Header + many } << ok;
        }
        const QByteArray keepAlive(200 * 1024, ' ');
        QTest::newRow("200 KiB of keep-alive whitespace")
            << defaultLimit << QByteArrayList { Header, keepAlive } << QByteArrayList { Header, keepAlive }
            << ok;
        QTest::newRow("70 KiB body in one chunk")
            << defaultLimit << QByteArrayList { Header + Message + sized(70 * 1024) }
            << QByteArrayList { Header + Message } << policyViolation;
        QTest::newRow("stanza one byte over 64 KiB in one chunk")
            << defaultLimit << QByteArrayList { Header + sized(defaultLimit + 1) }
            << QByteArrayList { Header } << policyViolation;
        {
            // Arrives in 1 KiB pieces and never ends: faulted as soon as it is too big.
            const QByteArray start = QByteArrayLiteral("<message><body>");
            QByteArrayList chunks { Header, start };
            int pending = start.size();
            while (pending <= defaultLimit) {
                chunks << QByteArray(1024, 'a');
                pending += 1024;
            }
            QTest::newRow("unending stanza in 1 KiB chunks")
                << defaultLimit << chunks << QByteArrayList { Header } + nothingThen(chunks.size() - 1, {})
                << policyViolation;
        }
        {
            const QByteArray start = QByteArrayLiteral("<message><body>");
            QByteArrayList chunks { Header, start, QByteArray(defaultLimit - start.size(), 'a'), "a" };
            QTest::newRow("unending stanza crossing the limit by one byte")
                << defaultLimit << chunks << QByteArrayList { Header, {}, {}, {} } << policyViolation;
        }
        QTest::newRow("unending start tag")
            << defaultLimit << QByteArrayList { Header, "<message to='" + QByteArray(70 * 1024, 'a') }
            << QByteArrayList { Header, {} } << policyViolation;
        QTest::newRow("unending stream header")
            << defaultLimit << QByteArrayList { "<stream:stream xmlns='" + QByteArray(70 * 1024, 'a') }
            << QByteArrayList { {} } << policyViolation;

        // A small limit, byte by byte, to see the exact boundary.
        const int small = 200;
        const QByteArray smallFit = sized(small);
        const QByteArray smallOver = sized(small + 1);
        QTest::newRow("limit 200: stanza of 200 bytes byte by byte")
            << small << QByteArrayList { Header } + bytewise(smallFit)
            << QByteArrayList { Header } + nothingThen(smallFit.size(), smallFit) << ok;
        QTest::newRow("limit 200: stanza of 201 bytes byte by byte")
            << small << QByteArrayList { Header } + bytewise(smallOver).mid(0, small + 1)
            << QByteArrayList { Header } + nothingThen(small + 1, {}) << policyViolation;
        QTest::newRow("limit 200: stanza of 201 bytes in one chunk")
            << small << QByteArrayList { Header + smallOver } << QByteArrayList { Header } << policyViolation;
    }
    void stanzaLimit()
    {
        QFETCH(int, limit);
        QFETCH(QByteArrayList, chunks);
        QFETCH(QByteArrayList, released);
        QFETCH(QString, condition);

        StreamGuard guard(limit);
        QCOMPARE(guard.maxStanzaBytes(), limit);
        const QString problem = run(guard, chunks, released, condition);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void defaultLimitIs64KiB() { QCOMPARE(StreamGuard().maxStanzaBytes(), 64 * 1024); }

    // RFC 6120 §8.1.2.1: once authenticated, a stanza's 'from' is the stream's own JID or absent.
    void senderCheck_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QByteArray>("stanza");
        QTest::addColumn<QString>("condition");
        const QString alice = QStringLiteral("alice@localhost/phone");
        QTest::newRow("no from") << alice << QByteArray("<message to='bob@localhost'/>") << QString();
        QTest::newRow("own full JID")
            << alice << QByteArray("<message from='alice@localhost/phone'/>") << QString();
        QTest::newRow("own bare JID")
            << alice << QByteArray("<presence from='alice@localhost' type='subscribe'/>") << QString();
        QTest::newRow("other resource") << alice << QByteArray("<message from='alice@localhost/laptop'/>")
                                        << QStringLiteral("invalid-from");
        QTest::newRow("other account")
            << alice << QByteArray("<iq type='get' from='bob@localhost'/>") << QStringLiteral("invalid-from");
        QTest::newRow("the server") << alice << QByteArray("<message from='localhost'/>")
                                    << QStringLiteral("invalid-from");
        QTest::newRow("not yet authenticated")
            << QString() << QByteArray("<message from='bob@localhost'/>") << QString();
        QTest::newRow("child elements may carry any from")
            << alice << QByteArray("<message><x from='bob@localhost'/></message>") << QString();
    }
    void senderCheck()
    {
        QFETCH(QString, sender);
        QFETCH(QByteArray, stanza);
        QFETCH(QString, condition);
        StreamGuard guard;
        guard.setSender(sender);
        QCOMPARE(guard.feed(Header), Header);
        const QByteArray released = guard.feed(stanza);
        QCOMPARE(guard.faultCondition(), condition);
        QCOMPARE(released, condition.isEmpty() ? stanza : QByteArray());
    }

    // GuardedSocket sends a stream header of its own before the error only if the
    // client's never passed: streamOpened() must flip exactly when it completes.
    void streamOpenedOnlyOnceTheHeaderIsComplete()
    {
        StreamGuard guard;
        QVERIFY(!guard.streamOpened());
        QCOMPARE(guard.feed(Declaration), Declaration);
        QVERIFY(!guard.streamOpened());
        QCOMPARE(guard.feed(StreamTag.left(StreamTag.size() - 1)), QByteArray());
        QVERIFY(!guard.streamOpened());
        QCOMPARE(guard.feed(">"), StreamTag);
        QVERIFY(guard.streamOpened());
        QCOMPARE(guard.feed(Message + "</stream:stream>"), Message + "</stream:stream>");
        QVERIFY(guard.streamOpened());
    }
};

QTEST_GUILESS_MAIN(tst_StreamGuard)
#include "tst_streamguard.moc"
