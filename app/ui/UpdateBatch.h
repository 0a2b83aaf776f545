// Views that follow a busy stream of stanzas (session cards, chat, XML console,
// timeline, fan-out view) take it in batches, at most one per interval: a busy room
// then costs one layout per batch instead of one per stanza.
#pragma once

namespace UpdateBatch {
constexpr int IntervalMs = 33; // about 30 batches a second: smooth to the eye, cheap to lay out
} // namespace UpdateBatch
