#include "cli/OpenFileLimit.h"

#include <array>
#include <fcntl.h>
#include <mutex>
#include <sys/resource.h>
#include <unistd.h>

namespace coroscope {

namespace {

// Held from process start, given back before the outputs are written: a run whose sockets took every
// other descriptor still gets its report (QSaveFile's temporary, then the JUnit file).
std::array<int, 4> g_spare{-1, -1, -1, -1};
std::mutex g_spareMutex;

} // namespace

void reserveSpareDescriptors()
{
    std::lock_guard lock(g_spareMutex);
    for (int &fd : g_spare) {
        if (fd < 0)
            fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
}

void releaseSpareDescriptors()
{
    std::lock_guard lock(g_spareMutex);
    for (int &fd : g_spare) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

long long raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    reserveSpareDescriptors();
    return openFileLimit();
}

long long openFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return -1;
    return static_cast<long long>(limit.rlim_cur);
}

} // namespace coroscope
