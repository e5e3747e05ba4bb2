#pragma once

// Profiles written inline in a test, parsed as the app parses a profile file.
#include "profile/ProfileLoader.h"
#include "profile/ProfileValidator.h"

namespace coroscope::testing {

// The RunSpec of a known-good profile; throws (and so fails the test) when the JSON does not load.
inline RunSpec specOf(const QByteArray &json)
{
    return ProfileLoader::parse(json, QStringLiteral("test.json")).spec.value();
}

// What the app says of a profile with one workload of these keys (`"type": "echo", ...`, without
// the braces), loaded and checked as a profile file named profile.json is.
inline ProfileLoader::Result checkOneWorkload(const QByteArray &keys)
{
    return ProfileValidator::checkText(R"({"schemaVersion": 1, "workloads": [{)" + keys + "}]}",
                                       QStringLiteral("profile.json"));
}

} // namespace coroscope::testing
