#pragma once

namespace coroscope {

// Process set-up, before any socket opens. Raises the soft limit on open files to the hard limit (a
// thousand connections take two thousand descriptors when the built-in server runs in the same
// process, and the usual soft limit is 1024) and returns the soft limit now in force (-1: unknown).
long long raiseOpenFileLimit();
// The soft limit on open files now in force; -1 when it cannot be read or is unlimited.
long long openFileLimit();
// A few descriptors kept aside (raiseOpenFileLimit() takes them) and given back just before the
// report is written, so running out of descriptors never costs the report.
void reserveSpareDescriptors();
void releaseSpareDescriptors();

} // namespace coroscope
