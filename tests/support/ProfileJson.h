#pragma once

// Profiles written inline in a test, parsed as the app parses a profile file.
#include "profile/ProfileLoader.h"

namespace coroscope::testing {

// The RunSpec of a known-good profile; throws (and so fails the test) when the JSON does not load.
inline RunSpec specOf(const QByteArray &json)
{
    return ProfileLoader::parse(json, QStringLiteral("test.json")).spec.value();
}

} // namespace coroscope::testing
