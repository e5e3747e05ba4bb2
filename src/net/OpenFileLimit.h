#pragma once

namespace coroscope {

// Raises the soft limit on open files to the hard limit: a thousand connections take two thousand
// descriptors when the built-in server runs in the same process, and the usual soft limit is 1024.
void raiseOpenFileLimit();

} // namespace coroscope
