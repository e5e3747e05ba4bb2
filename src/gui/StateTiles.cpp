#include "gui/StateTiles.h"

#include "gui/StateAppearance.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace coroscope {

StateTiles::StateTiles(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);
    QFont valueFont = font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.5);
    valueFont.setBold(true);
    for (int row = 0; row < kRows; ++row) {
        m_rowLabels[size_t(row)] = new QLabel(row == 0 ? tr("Total") : QStringLiteral("-"), this);
        m_rowLabels[size_t(row)]->setMinimumWidth(110);
        grid->addWidget(m_rowLabels[size_t(row)], row, 0);
        for (int s = 0; s < kTaskStateCount; ++s) {
            const auto state = TaskState(s);
            auto *tile = new QFrame(this);
            tile->setFrameShape(QFrame::StyledPanel);
            // A coloured left edge says which state, in both rows.
            tile->setObjectName(QStringLiteral("tile"));
            tile->setStyleSheet(
                QStringLiteral("QFrame#tile { border-left: 4px solid %1; }").arg(stateColor(state).name()));
            auto *box = new QVBoxLayout(tile);
            box->setContentsMargins(8, 2, 8, 2);
            box->setSpacing(0);
            auto *value = new QLabel(QStringLiteral("0"), tile);
            value->setFont(valueFont);
            value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            auto *caption = new QLabel(stateTitle(state), tile);
            caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            box->addWidget(value);
            box->addWidget(caption);
            grid->addWidget(tile, row, s + 1);
            grid->setColumnStretch(s + 1, 1);
            m_values[size_t(row)][size_t(s)] = value;
        }
    }
}

void StateTiles::show(const StateCounts &total, const StateCounts *selected, const QString &selectedName)
{
    const QLocale locale;
    for (int s = 0; s < kTaskStateCount; ++s) {
        m_values[0][size_t(s)]->setText(locale.toString(total[size_t(s)]));
        m_values[1][size_t(s)]->setText(selected ? locale.toString((*selected)[size_t(s)]) : QStringLiteral("-"));
    }
    m_rowLabels[1]->setText(selectedName.isEmpty() ? QStringLiteral("-") : selectedName);
    m_rowLabels[1]->setToolTip(selected ? tr("The workload selected in the list") : tr("Not part of this run"));
}

void StateTiles::clear()
{
    const StateCounts zero{};
    show(zero, nullptr, m_rowLabels[1]->text());
}

QString StateTiles::text(int row, TaskState state) const
{
    return m_values[size_t(row)][size_t(stateIndex(state))]->text();
}

} // namespace coroscope
