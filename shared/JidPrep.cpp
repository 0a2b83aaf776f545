// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "JidPrep.h"

#include <arpa/inet.h>
#include <idn-free.h>
#include <idna.h>
#include <stringprep.h>

namespace {
constexpr int MaxPartBytes = 1023; // RFC 6122 §2.1

// One stringprep profile ("Nodeprep", "Resourceprep", "Nameprep") over a non-empty string.
QString prepare(const QString &input, const char *profile)
{
    if (input.isEmpty() || !input.isValidUtf16())
        return QString();
    const QByteArray utf8 = input.toUtf8();
    if (utf8.contains('\0')) // libidn reads C strings; a NUL would cut the input short
        return QString();
    char *output = nullptr;
    if (stringprep_profile(utf8.constData(), &output, profile, Stringprep_profile_flags(0)) != STRINGPREP_OK)
        return QString();
    const QByteArray prepared(output);
    idn_free(output);
    if (prepared.isEmpty() || prepared.size() > MaxPartBytes)
        return QString();
    return QString::fromUtf8(prepared);
}

// "[...]" holding an IPv6 address, lower case.
QString ipv6Literal(const QString &domain)
{
    if (!domain.endsWith(QLatin1Char(']')) || domain.size() < 3)
        return QString();
    const QByteArray address = domain.mid(1, domain.size() - 2).toLatin1();
    in6_addr parsed;
    if (inet_pton(AF_INET6, address.constData(), &parsed) != 1)
        return QString();
    return domain.toLower();
}
} // namespace

namespace JidPrep {

QString node(const QString &node)
{
    return prepare(node, "Nodeprep");
}

QString resource(const QString &resource)
{
    return prepare(resource, "Resourceprep");
}

QString domain(const QString &domain)
{
    if (domain.startsWith(QLatin1Char('[')))
        return ipv6Literal(domain);
    QString prepared = prepare(domain, "Nameprep").toLower();
    if (prepared.isEmpty())
        return QString();
    // Nameprep's NFKC turns the fullwidth and halfwidth full stops into these two.
    prepared.replace(QChar(0x3002), QLatin1Char('.'));
    if (prepared.endsWith(QLatin1Char('.'))) // "example.com." names "example.com"
        prepared.chop(1);
    if (prepared.isEmpty() || prepared.startsWith(QLatin1Char('.')) || prepared.endsWith(QLatin1Char('.'))
        || prepared.contains(QLatin1String(".."))) // an empty label
        return QString();
    // Each label must be a host name label (letters, digits, '-', at most 63 bytes in
    // ASCII form): IDNA's ToASCII with the STD3 rules checks exactly that. IPv4
    // addresses pass as all-digit labels.
    char *ascii = nullptr;
    const int result = idna_to_ascii_8z(prepared.toUtf8().constData(), &ascii, IDNA_USE_STD3_ASCII_RULES);
    idn_free(ascii);
    if (result != IDNA_SUCCESS)
        return QString();
    return prepared;
}

QString jid(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    const QString bare = slash < 0 ? jid : jid.left(slash);
    const int at = bare.indexOf(QLatin1Char('@'));
    QString prepared;
    if (at >= 0) {
        const QString preparedNode = node(bare.left(at));
        if (preparedNode.isNull())
            return QString();
        prepared = preparedNode + QLatin1Char('@');
    }
    const QString preparedDomain = domain(bare.mid(at + 1));
    if (preparedDomain.isNull())
        return QString();
    prepared += preparedDomain;
    if (slash >= 0) {
        const QString preparedResource = resource(jid.mid(slash + 1));
        if (preparedResource.isNull())
            return QString();
        prepared += QLatin1Char('/') + preparedResource;
    }
    return prepared;
}

} // namespace JidPrep
