#pragma once

class QWidget;

namespace coroscope {

// Help > About: the version and what Coroscope is for.
void showAboutBox(QWidget *parent);

} // namespace coroscope
