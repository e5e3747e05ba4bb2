#include "cli/MetricsEndpoint.h"

#include "net/MetricsServer.h"
#include "report/PrometheusText.h"

namespace coroscope {

MetricsEndpoint::MetricsEndpoint(Latest latest, ProfileName profileName)
    : m_server(std::make_unique<MetricsServer>([latest = std::move(latest), profileName = std::move(profileName)] {
          const SnapshotPtr s = latest();
          return PrometheusText::render(s ? *s : Snapshot{}, profileName());
      }))
{}

MetricsEndpoint::~MetricsEndpoint() = default;

bool MetricsEndpoint::listen(const QString &address, QString *error)
{
    return m_server->listen(address, error);
}

} // namespace coroscope
