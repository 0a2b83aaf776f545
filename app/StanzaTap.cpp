#include "StanzaTap.h"

bool StanzaTap::handleStanza(const QDomElement &stanza)
{
    emit stanzaSeen(stanza);
    return false; // the client's own managers still need it
}
