#include "gui/ResponseBreakdownView.h"

#include "gui/ResponseBreakdownModel.h"

#include <QHeaderView>

namespace coroscope {

ResponseBreakdownView::ResponseBreakdownView(QWidget *parent)
    : QTableView(parent), m_model(new ResponseBreakdownModel(this))
{
    setModel(m_model);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setVisible(false);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { setVisible(m_model->rowCount() > 0); });
}

void ResponseBreakdownView::follow(StateCountsModel *counts)
{
    m_model->follow(counts);
}

} // namespace coroscope
