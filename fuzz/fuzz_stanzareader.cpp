// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: StanzaReader, the incremental XML stream parser every client
// connection goes through. The input is fed in chunks whose sizes the first bytes
// choose (so TCP segmentation is fuzzed too), next() is drained after each chunk,
// and the reader's promises are checked:
//   - Failed is final (next() keeps answering Failed), and faultCondition() is a known
//     RFC 6120 condition exactly when the reader failed;
//   - StreamOpened comes once per stream, Elements only inside an open stream, and
//     nothing but NeedMore after StreamClosed;
//   - an Element is a non-null element within the limits (depth, attributes, text);
//   - a drain ends: each event consumes input;
//   - the chunking changes nothing: the same input fed at once (between the same
//     restarts) gives the same events, and fails exactly when the chunked run fails.
//
// Input: a raw client stream (it starts with '<', white space or a byte order mark: the
// seed corpus, shared with fuzz_clientstream), read in pieces of 1..61 bytes; or an
// options byte (see Options) followed by the client's bytes. The piece sizes follow
// from the options byte and the input's size.
#include "StanzaReader.h"

#include <QDomNamedNodeMap>
#include <QStringList>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define FUZZ_CHECK(condition, what)                                                                          \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "fuzz_stanzareader: invariant broken: %s (%s:%d)\n", what, __FILE__,        \
                         __LINE__);                                                                          \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace {
struct Limits
{
    int maxElementSize;
    int maxAttributes;
    int maxDepth;
};
// The server's pre-auth and post-auth limits, and two small ones that the fuzzer reaches easily.
constexpr Limits LimitVariants[]
    = { { 16 * 1024, 100, 32 }, { 256 * 1024, 100, 32 }, { 200, 3, 3 }, { 64, 1, 1 } };
constexpr int MaxChunks[] = { 1, 2, 3, 7, 16, 61, 512, 1 << 20 };

struct Options
{
    // bits 0-2: the largest piece (index into MaxChunks), bits 3-4: the limits
    // (LimitVariants), bit 5: restart at each new stream header
    explicit Options(uint8_t byte)
        : maxChunk(MaxChunks[byte & 7])
        , limits(LimitVariants[(byte >> 3) & 3])
        , restartAtHeaders(byte & 0x20)
    { }
    int maxChunk; // chunk sizes are 1..maxChunk
    Limits limits;
    // The input is cut before each stream header but the first (and the XML declaration
    // before it), and the reader restart()ed there with the element size limit raised, as
    // ClientStream does after STARTTLS and SASL success: a client sends its new header
    // only after the server's answer, so what was fed before it has all been read.
    bool restartAtHeaders;
};

// For raw streams: pieces of 1..61 bytes, the server's pre-auth limits, restarts.
constexpr uint8_t DefaultOptions = 0x25;

const QStringList KnownConditions
    = { QStringLiteral("not-well-formed"),   QStringLiteral("restricted-xml"),
        QStringLiteral("invalid-namespace"), QStringLiteral("policy-violation"),
        QStringLiteral("bad-format"),        QStringLiteral("unsupported-encoding") };

// A canonical text of an element: attributes sorted, adjacent text merged (a chunked
// parse may deliver text in pieces).
QString canonical(const QDomElement &element)
{
    QStringList attributes;
    const QDomNamedNodeMap map = element.attributes();
    for (int i = 0; i < map.length(); ++i) {
        const QDomAttr attribute = map.item(i).toAttr();
        attributes
            << QStringLiteral("{%1}%2=%3").arg(attribute.namespaceURI(), attribute.name(), attribute.value());
    }
    attributes.sort();
    QString text = QStringLiteral("<{%1}%2 %3>")
                       .arg(element.namespaceURI(), element.tagName(), attributes.join(QLatin1Char(' ')));
    QString pendingText;
    for (QDomNode child = element.firstChild(); !child.isNull(); child = child.nextSibling()) {
        if (child.isCharacterData()) {
            pendingText += child.toCharacterData().data();
            continue;
        }
        text += pendingText;
        pendingText.clear();
        if (child.isElement())
            text += canonical(child.toElement());
        else
            text += QStringLiteral("[node type %1]").arg(int(child.nodeType()));
    }
    return text + pendingText + QStringLiteral("</>");
}

struct Measure
{
    int depth = 0;
    int maxAttributes = 0;
    qint64 textLength = 0;
};

void measure(const QDomElement &element, int depth, Measure *out)
{
    out->depth = qMax(out->depth, depth);
    out->maxAttributes = qMax(out->maxAttributes, element.attributes().length());
    for (QDomNode child = element.firstChild(); !child.isNull(); child = child.nextSibling()) {
        if (child.isCharacterData())
            out->textLength += child.toCharacterData().length();
        else if (child.isElement())
            measure(child.toElement(), depth + 1, out);
    }
}

struct Run
{
    QStringList events; // every event but NeedMore, elements in canonical form
    bool failed = false;
};

class Driver
{
public:
    Driver(const Options &options, Run *run)
        : m_options(options)
        , m_run(run)
    {
        m_reader.setLimits(options.limits.maxElementSize, options.limits.maxAttributes,
                           options.limits.maxDepth);
    }

    void feed(const QByteArray &chunk)
    {
        m_reader.feed(chunk);
        drain(chunk.size());
    }

    void restart()
    {
        m_reader.restart();
        m_reader.setMaxElementSize(256 * 1024);
        m_maxElementSize = 256 * 1024;
        m_opened = false;
        if (m_run->failed) {
            FUZZ_CHECK(m_reader.next() == StanzaReader::Event::Failed, "restart() does not clear a failure");
            return;
        }
        FUZZ_CHECK(!m_reader.isStreamOpen(), "a restarted reader has no open stream");
        FUZZ_CHECK(m_reader.next() == StanzaReader::Event::NeedMore, "a restarted reader has nothing to say");
    }

private:
    void drain(int fed)
    {
        // Every event but NeedMore consumes at least one character of what was fed (the
        // stream header, an element, the closing tag): more events than that is a loop.
        for (int events = 0;; ++events) {
            FUZZ_CHECK(events <= fed + 3, "next() keeps returning events without input");
            const StanzaReader::Event event = m_reader.next();
            FUZZ_CHECK((event == StanzaReader::Event::Failed) == !m_reader.faultCondition().isEmpty(),
                       "faultCondition() is set exactly when next() fails");
            switch (event) {
            case StanzaReader::Event::NeedMore:
                FUZZ_CHECK(!m_run->failed, "NeedMore after Failed");
                return;
            case StanzaReader::Event::Failed:
                FUZZ_CHECK(KnownConditions.contains(m_reader.faultCondition()),
                           "a known stream error condition");
                for (int i = 0; i < 3; ++i)
                    FUZZ_CHECK(m_reader.next() == StanzaReader::Event::Failed, "Failed is final");
                m_reader.feed(QByteArrayLiteral("<x/>"));
                FUZZ_CHECK(m_reader.next() == StanzaReader::Event::Failed,
                           "Failed is final after more input");
                if (!m_run->failed)
                    m_run->events << QStringLiteral("failed: %1: %2")
                                         .arg(m_reader.faultCondition(), m_reader.faultText());
                m_run->failed = true;
                return;
            case StanzaReader::Event::StreamOpened:
                FUZZ_CHECK(!m_opened, "one stream header per stream");
                FUZZ_CHECK(m_reader.isStreamOpen(), "open after StreamOpened");
                m_opened = true;
                m_run->events << QStringLiteral("opened to=%1 version=%2")
                                     .arg(m_reader.streamAttribute(QStringLiteral("to")),
                                          m_reader.streamAttribute(QStringLiteral("version")));
                break;
            case StanzaReader::Event::Element: {
                FUZZ_CHECK(m_opened && m_reader.isStreamOpen(), "elements only inside an open stream");
                const QDomElement element = m_reader.element();
                FUZZ_CHECK(!element.isNull() && element.isElement(), "an Element event has an element");
                FUZZ_CHECK(!element.tagName().isEmpty(), "an element has a name");
                Measure measured;
                measure(element, 1, &measured);
                FUZZ_CHECK(measured.depth <= m_maxDepth, "depth within the limit");
                FUZZ_CHECK(measured.maxAttributes <= m_options.limits.maxAttributes,
                           "attributes within the limit");
                FUZZ_CHECK(measured.textLength <= m_maxElementSize, "text within the element size limit");
                m_run->events << canonical(element);
                break;
            }
            case StanzaReader::Event::StreamClosed:
                FUZZ_CHECK(m_opened && !m_reader.isStreamOpen(), "a stream closes once, after it opened");
                m_run->events << QStringLiteral("closed");
                for (int i = 0; i < 2; ++i)
                    FUZZ_CHECK(m_reader.next() == StanzaReader::Event::NeedMore,
                               "nothing after StreamClosed");
                m_reader.feed(QByteArrayLiteral("<stream:stream>"));
                FUZZ_CHECK(m_reader.next() == StanzaReader::Event::NeedMore,
                           "input after StreamClosed is ignored");
                return;
            }
        }
    }

    const Options m_options;
    Run *const m_run;
    StanzaReader m_reader;
    bool m_opened = false;
    int m_maxDepth = m_options.limits.maxDepth;
    int m_maxElementSize = m_options.limits.maxElementSize;
};

// Where the input is cut for restarts: before each "<stream:stream" but the first one,
// or before the "<?xml" declaration right in front of it.
QList<int> restartPoints(const QByteArray &input)
{
    QList<int> points;
    const QByteArray header = QByteArrayLiteral("<stream:stream");
    for (int at = input.indexOf(header, 1); at > 0; at = input.indexOf(header, at + 1)) {
        int cut = at;
        const int declaration = input.lastIndexOf("<?xml", at);
        if (declaration >= 0 && declaration > (points.isEmpty() ? 0 : points.last())
            && input.mid(declaration, at - declaration).trimmed().endsWith("?>")
            && input.indexOf('<', declaration + 1) == at)
            cut = declaration;
        if (cut > 0 && (points.isEmpty() || cut > points.last()))
            points << cut;
    }
    return points;
}

// Common prefix length of two event lists.
int commonPrefix(const QStringList &a, const QStringList &b)
{
    int i = 0;
    while (i < a.size() && i < b.size() && a.at(i) == b.at(i))
        ++i;
    return i;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char first = char(data[0]);
    const bool raw
        = first == '<' || first == ' ' || first == '\t' || first == '\r' || first == '\n' || data[0] == 0xEF;
    const Options options(raw ? DefaultOptions : data[0]);
    uint32_t random = 0x9E3779B9u ^ (uint32_t(data[0]) * 0x01000193u) ^ uint32_t(size);
    const QByteArray input = raw ? QByteArray(reinterpret_cast<const char *>(data), int(size))
                                 : QByteArray(reinterpret_cast<const char *>(data) + 1, int(size - 1));

    QList<int> cuts;
    if (options.restartAtHeaders)
        cuts = restartPoints(input);
    cuts << input.size();

    Run chunked;
    {
        Driver driver(options, &chunked);
        int offset = 0;
        for (const int cut : qAsConst(cuts)) {
            if (offset > 0)
                driver.restart();
            while (offset < cut) {
                // xorshift32: the piece sizes follow from the options byte and the size
                random ^= random << 13;
                random ^= random >> 17;
                random ^= random << 5;
                const int length = qMin(int(random % uint32_t(options.maxChunk)) + 1, cut - offset);
                driver.feed(input.mid(offset, length));
                offset += length;
            }
        }
    }
    if (qEnvironmentVariableIsSet("FUZZ_VERBOSE")) {
        for (const QString &event : qAsConst(chunked.events))
            std::fprintf(stderr, "event: %s\n", qPrintable(event));
    }

    Run whole;
    {
        Driver driver(options, &whole);
        int offset = 0;
        for (const int cut : qAsConst(cuts)) {
            if (offset > 0)
                driver.restart();
            driver.feed(input.mid(offset, cut - offset));
            offset = cut;
        }
    }
    // Some checks (attribute count, UTF-8, NUL) run on the raw bytes as they are fed, before
    // they are parsed: a run fed more at once may fail before elements it would otherwise
    // have delivered, and on bytes after the end of the stream that the other run never
    // looked at. Apart from that, the events agree and both runs fail or neither does.
    const int common = commonPrefix(chunked.events, whole.events);
    const auto report = [&] {
        std::fprintf(stderr, "chunked event %d: %s\nwhole event %d: %s\n", common,
                     qPrintable(chunked.events.value(common)), common,
                     qPrintable(whole.events.value(common)));
    };
    if (!chunked.failed && !whole.failed) {
        if (chunked.events != whole.events)
            report();
        FUZZ_CHECK(chunked.events == whole.events, "chunking does not change the events");
    } else {
        const Run &failed = chunked.failed && (!whole.failed || chunked.events.size() <= whole.events.size())
            ? chunked
            : whole;
        const Run &other = &failed == &chunked ? whole : chunked;
        const int agreed = failed.events.size() - 1; // the last is the failure
        if (common < agreed)
            report();
        FUZZ_CHECK(common >= agreed, "chunking does not change the events before a failure");
        if (!other.failed) {
            if (other.events.indexOf(QStringLiteral("closed"), agreed) < 0)
                report();
            FUZZ_CHECK(other.events.indexOf(QStringLiteral("closed"), agreed) >= 0,
                       "chunking decides whether a stream fails only for bytes after its end");
        }
    }
    return 0;
}
