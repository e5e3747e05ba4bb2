#pragma once

#include "core/Snapshot.h"

#include <QString>

#include <functional>
#include <memory>

namespace coroscope {

class MetricsServer;

// `--metrics [HOST:]PORT` for the window: /metrics serves whatever Snapshot `latest` returns (an
// empty one before the first run), so a scraper follows every run the window makes.
class MetricsEndpoint
{
public:
    using Latest = std::function<SnapshotPtr()>;
    using ProfileName = std::function<QString()>;

    MetricsEndpoint(Latest latest, ProfileName profileName);
    ~MetricsEndpoint();
    bool listen(const QString &address, QString *error);

private:
    std::unique_ptr<MetricsServer> m_server;
};

} // namespace coroscope
