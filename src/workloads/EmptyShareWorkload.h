#pragma once

#include "core/Workload.h"

namespace coroscope {

// The part of a workload that got nothing when the workload was split over loop threads or agents
// (workloads/WorkloadShare.h: fewer tasks or connections than parts). It keeps the workload's place,
// so every part lists the same workloads in the same order and their snapshots merge, and finishes
// as soon as it starts.
class EmptyShareWorkload : public Workload
{
    Q_OBJECT
public:
    using Workload::Workload;
    void start() override;
};

} // namespace coroscope
