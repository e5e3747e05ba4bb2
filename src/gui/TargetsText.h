#pragma once

#include "core/Snapshot.h"

class QLabel;

namespace coroscope {

// Shows what a run's workloads talk to in `label`: one elided line, every target in the tooltip.
// Untouched when the targets did not change, so the label does not flicker at every frame.
void showTargets(QLabel *label, const Snapshot &s, int maxWidth);

} // namespace coroscope
